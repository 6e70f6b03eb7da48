/** DepthToSpace and SpaceToDepth: reshape → permute → reshape of [N, C, H, W] (any dtype). */
import { permute, reshape } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { fmtShape } from '@pistil/backend';
import type { OpContext, OpDef } from '../../op-types.js';

function input4d(ctx: OpContext): { x: Tensor; b: number } {
  const x = ctx.tensor(0);
  if (x.rank !== 4) ctx.fail(`input must be [N, C, H, W], got ${fmtShape(x.shape)}`);
  const b = ctx.attrs.int('blocksize');
  if (!(b >= 1)) ctx.fail(`attribute 'blocksize' = ${b} must be a positive integer`);
  return { x, b };
}

function runDepthToSpace(ctx: OpContext): Tensor {
  const { x, b } = input4d(ctx);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  if (c % (b * b) !== 0) ctx.fail(`channels ${c} of input ${fmtShape(x.shape)} must be divisible by blocksize² = ${b * b}`);
  const mode = ctx.opset >= 11 ? ctx.attrs.string('mode', 'DCR') : 'DCR';
  if (mode !== 'DCR' && mode !== 'CRD') ctx.fail(`attribute 'mode' = '${mode}' must be DCR or CRD`);
  const oc = c / (b * b);
  // DCR: channels split as [b, b, C'] (depth-column-row); CRD as [C', b, b].
  const split = mode === 'DCR' ? reshape(x, [n, b, b, oc, h, w]) : reshape(x, [n, oc, b, b, h, w]);
  const moved = mode === 'DCR' ? permute(split, [0, 3, 4, 1, 5, 2]) : permute(split, [0, 1, 4, 2, 5, 3]);
  return reshape(moved, [n, oc, h * b, w * b]);
}

function runSpaceToDepth(ctx: OpContext): Tensor {
  const { x, b } = input4d(ctx);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  if (h % b !== 0 || w % b !== 0) ctx.fail(`spatial dims of input ${fmtShape(x.shape)} must be divisible by blocksize ${b}`);
  const blocks = reshape(x, [n, c, h / b, b, w / b, b]);
  return reshape(permute(blocks, [0, 3, 5, 1, 2, 4]), [n, c * b * b, h / b, w / b]);
}

export const DEPTH_SPACE_OPS: readonly OpDef[] = [
  { opType: 'DepthToSpace', since: 1, run: runDepthToSpace },
  { opType: 'SpaceToDepth', since: 1, run: runSpaceToDepth },
];
