import { blues, svgDocument, text } from './svg.js';

/** A confusion matrix (rows: true class, columns: predicted) as a heat map with counts. */
export function confusionChart(matrix: readonly (readonly number[])[], labels: readonly string[], title: string): string {
  const n = matrix.length;
  const cell = 42;
  const left = 70;
  const top = 70;
  const size = left + n * cell + 20;
  let body = text(size / 2, 24, title, 'text-anchor="middle" font-size="15" font-weight="bold"');
  body += text(left + (n * cell) / 2, top - 26, 'predicted', 'text-anchor="middle" font-size="12"');
  body += text(18, top + (n * cell) / 2, 'true', `text-anchor="middle" font-size="12" transform="rotate(-90 18 ${top + (n * cell) / 2})"`);
  matrix.forEach((row, i) => {
    const total = row.reduce((s, v) => s + v, 0) || 1;
    body += text(left - 8, top + i * cell + cell / 2 + 4, labels[i]!, 'text-anchor="end" font-size="12"');
    body += text(left + i * cell + cell / 2, top - 8, labels[i]!, 'text-anchor="middle" font-size="12"');
    row.forEach((v, j) => {
      const share = v / total;
      body += `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${blues(i === j ? share : Math.sqrt(share))}" stroke="#fff"/>`;
      if (v > 0) body += text(left + j * cell + cell / 2, top + i * cell + cell / 2 + 4, String(v), `text-anchor="middle" font-size="11" fill="${share > 0.5 ? 'white' : 'black'}"`);
    });
  });
  return svgDocument(size, top + n * cell + 20, body);
}
