/**
 * The official ONNX backend node tests (Debian's libonnx-testdata): every case whose ops the
 * importer supports must match the expected outputs, except the listed known failures, which must
 * still fail. `ONNX_CONFORMANCE_TABLE=docs/onnx-conformance.md` also writes the pass table.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { supportedOps } from '../../src/index.js';
import { KNOWN_FAILURES } from './known-failures.js';
import { runCase } from './run-case.js';
import { TESTDATA_ROOT, listCases } from './testdata.js';
import { writeTable } from './table.js';

const supported = new Set(supportedOps().map((d) => d.opType));
const ONLY = process.env.ONNX_CONFORMANCE_FILTER ? new RegExp(process.env.ONNX_CONFORMANCE_FILTER) : null;

describe('ONNX backend test data', () => {
  it(`is installed at ${TESTDATA_ROOT} (scripts/setup.sh installs libonnx-testdata)`, () => {
    expect(existsSync(TESTDATA_ROOT)).toBe(true);
  });
  if (!existsSync(TESTDATA_ROOT)) return;

  const cases = listCases().filter((c) => !ONLY || ONLY.test(c.name));
  const results = new Map<string, 'pass' | 'fail' | 'unsupported'>();
  for (const c of cases) {
    const missing = c.ops.filter((op) => !supported.has(op));
    if (missing.length > 0) {
      results.set(`${c.suite}/${c.name}`, 'unsupported');
      continue;
    }
    const known = KNOWN_FAILURES[c.name];
    it(`${c.suite}/${c.name}${known ? ' (known failure)' : ''}`, () => {
      let problem: string | null;
      try {
        problem = runCase(c);
      } catch (err) {
        problem = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
      results.set(`${c.suite}/${c.name}`, problem ? 'fail' : 'pass');
      if (known) expect(problem, `${c.name} passes now: remove it from known-failures.ts`).not.toBeNull();
      else expect(problem).toBeNull();
    });
  }
  afterAll(() => {
    if (process.env.ONNX_CONFORMANCE_TABLE) writeFileSync(process.env.ONNX_CONFORMANCE_TABLE, writeTable(cases, results));
  });
});
