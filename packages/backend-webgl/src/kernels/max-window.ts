import type { Pool2dAttrs, TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { formatOf } from '../layout.js';
import { FLOAT_BITS_GLSL } from './float-bits.js';
import { texelReader } from './texel.js';
import { axesOf, tapRange } from './window.js';

/**
 * GLSL `int argOfWindow(int index)`: for the max-pool window of output element `index`
 * ([N, C, OH, OW]), the flat x index of its first maximum in row-major tap order — the first NaN
 * if any — or −1 when every tap is padding (padded taps count as −Inf and never win). x is the
 * shader input `x`.
 */
export function maxWindowGlsl(backend: WebGLBackend, x: TensorInfo, outShape: readonly number[], attrs: Pool2dAttrs): string {
  const [, , h, w] = x.shape as [number, number, number, number];
  const [, , oh, ow] = outShape as [number, number, number, number];
  const [ay, ax] = axesOf([h, w], [oh, ow], attrs.kernel, attrs.stride, attrs.pads, attrs.dilation);
  const float = formatOf(x.dtype) === 'float';
  const type = float ? 'float' : 'int';
  const rx = texelReader(backend, 'x', x);
  return `${float ? FLOAT_BITS_GLSL : ''}
${rx.helpers}
int argOfWindow(int index) {
  int plane = index / ${oh * ow};
  int r = index - plane * ${oh * ow};
  int oy = r / ${ow};
  int ox = r - oy * ${ow};
  ${tapRange('oy', ay, 'ky')}
  ${tapRange('ox', ax, 'kx')}
  int row = plane * ${h * w} + (kys + ky0 * ${ay.dilation}) * ${w} + kxs + kx0 * ${ax.dilation};
  ${rx.type} rc = ${rx.at('row')};
  int arg = -1;
  ${type} best = ${float ? '0.0' : '0'};
  for (int ky = ky0; ky < ky1; ky++) {
    int at = row;
    ${rx.type} c = rc;
    for (int kx = kx0; kx < kx1; kx++) {
      ${type} v = ${rx.read('c')};
      ${float ? 'if (isnan_f(v)) return at;' : ''}
      if (arg < 0 || v > best) { best = v; arg = at; }
      at += ${ax.dilation};
      ${rx.step('c', ax.dilation)}
    }
    row += ${ay.dilation * w};
    ${rx.step('rc', ay.dilation * w)}
  }
  return arg;
}`;
}
