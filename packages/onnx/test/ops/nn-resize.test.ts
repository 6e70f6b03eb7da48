import { describe, expect, it } from 'vitest';
import { OnnxFormatError } from '../../src/index.js';
import { attr } from '../../src/export/graph-builder.js';
import type { AttrValue } from '../../src/export/graph-builder.js';
import { HostTensor } from '../../src/host-tensor.js';
import { buildOpModel, checkAgainstOrt, host, randomHost, runPistil } from '../helpers/single-op.js';

const TOL = { rtol: 1e-5, atol: 1e-5 };
const x = randomHost([2, 3, 5, 6], 1);
const scalesOf = (v: number[]): HostTensor => HostTensor.of('float32', [v.length], v);

/** A Resize case from opset 11 on: scales or sizes (initializers), optional roi. */
function resizeCase(opset: number, attrs: Record<string, AttrValue>, given: { scales?: number[]; sizes?: number[]; roi?: number[] }, input = x) {
  const initializers: Record<string, HostTensor> = {};
  if (given.roi) initializers.roi = scalesOf(given.roi);
  if (given.scales) initializers.scales = scalesOf(given.scales);
  if (given.sizes) initializers.sizes = host.i64(given.sizes);
  // Opset 11 needs a scales input even when sizes are given: an empty tensor.
  if (!given.scales && opset < 13) initializers.scales = HostTensor.of('float32', [0], []);
  const inputs = ['x', given.roi ? 'roi' : opset < 13 ? 'roi' : '', given.scales || opset < 13 ? 'scales' : ''];
  if (!given.roi && opset < 13) initializers.roi = HostTensor.of('float32', [0], []);
  if (given.sizes) inputs.push('sizes');
  return { opType: 'Resize', opset, attrs, inputs, feeds: { x: input }, initializers };
}

const UP = [1, 1, 1.7, 2.5];
const DOWN = [1, 1, 0.6, 0.5];
const COORDS = ['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric'];

describe('Resize', () => {
  it('opset 10: nearest and linear with scales', async () => {
    for (const mode of ['nearest', 'linear']) {
      for (const scales of [UP, DOWN, [1, 1, 2, 3]]) {
        await checkAgainstOrt({ opType: 'Resize', opset: 10, attrs: { mode: attr.string(mode) }, inputs: ['x', 'scales'], feeds: { x }, initializers: { scales: scalesOf(scales) } }, TOL);
      }
    }
  });

  it('nearest: every nearest_mode and coordinate mode, up and down (opsets 11, 13)', async () => {
    for (const opset of [11, 13]) {
      for (const nearest of ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil']) {
        for (const coord of [...COORDS, ...(opset === 11 ? ['tf_half_pixel_for_nn'] : [])]) {
          for (const given of [{ scales: UP }, { scales: DOWN }, { sizes: [2, 3, 8, 3] }]) {
            await checkAgainstOrt(resizeCase(opset, { mode: attr.string('nearest'), nearest_mode: attr.string(nearest), coordinate_transformation_mode: attr.string(coord) }, given), TOL);
          }
        }
      }
    }
  });

  it('linear (bilinear and over three axes) in every coordinate mode', async () => {
    for (const coord of COORDS) {
      for (const given of [{ scales: UP }, { scales: DOWN }, { sizes: [2, 3, 1, 9] }, { sizes: [2, 3, 7, 4] }]) {
        await checkAgainstOrt(resizeCase(13, { mode: attr.string('linear'), coordinate_transformation_mode: attr.string(coord) }, given), TOL);
      }
    }
    // onnxruntime resizes at most the two innermost axes linearly; a 3-D input resized over all three is checked by gradients elsewhere.
    await checkAgainstOrt(resizeCase(13, { mode: attr.string('linear') }, { scales: [1, 2, 0.5] }, randomHost([2, 4, 6], 3)), TOL);
  });

  it('cubic: coefficient A, exclude_outside, every coordinate mode', async () => {
    for (const coord of COORDS) {
      for (const [a, exclude] of [[-0.75, 0], [-0.5, 1]] as const) {
        for (const given of [{ scales: UP }, { scales: DOWN }, { sizes: [2, 3, 9, 4] }]) {
          await checkAgainstOrt(resizeCase(13, { mode: attr.string('cubic'), coordinate_transformation_mode: attr.string(coord), cubic_coeff_a: attr.float(a), exclude_outside: attr.int(exclude) }, given), { rtol: 1e-4, atol: 1e-5 });
        }
      }
    }
  });

  it('tf_crop_and_resize with roi and extrapolation_value, every mode', async () => {
    for (const mode of ['nearest', 'linear', 'cubic']) {
      for (const given of [{ roi: [0, 0, 0.2, -0.3, 1, 1, 0.9, 1.2], sizes: [2, 3, 4, 7] }, { roi: [0, 0, 0.4, 0.1, 1, 1, 0.6, 0.8], scales: [1, 1, 1.6, 0.7] }]) {
        await checkAgainstOrt(resizeCase(13, { mode: attr.string(mode), coordinate_transformation_mode: attr.string('tf_crop_and_resize'), extrapolation_value: attr.float(-7) }, given), { rtol: 1e-4, atol: 1e-5 });
      }
    }
  });

  it('opset 18: axes, keep_aspect_ratio_policy and half_pixel_symmetric', async () => {
    const axes = { axes: attr.ints([3, 2]) };
    await checkAgainstOrt(resizeCase(18, { ...axes, mode: attr.string('linear') }, { scales: [2.5, 0.6] }), TOL);
    for (const policy of ['stretch', 'not_larger', 'not_smaller']) {
      await checkAgainstOrt(resizeCase(18, { ...axes, mode: attr.string('nearest'), keep_aspect_ratio_policy: attr.string(policy) }, { sizes: [9, 7] }), TOL);
      await checkAgainstOrt(resizeCase(18, { axes: attr.ints([2, 3]), mode: attr.string('linear'), keep_aspect_ratio_policy: attr.string(policy) }, { sizes: [3, 13] }), TOL);
      await checkAgainstOrt(resizeCase(18, { mode: attr.string('nearest'), keep_aspect_ratio_policy: attr.string(policy) }, { sizes: [2, 3, 3, 13] }), TOL);
    }
    for (const mode of ['nearest', 'linear', 'cubic']) {
      await checkAgainstOrt(resizeCase(18, { mode: attr.string(mode), coordinate_transformation_mode: attr.string('half_pixel_symmetric') }, { scales: [1, 1, 1.7, 0.7] }), { rtol: 1e-4, atol: 1e-5 });
    }
  });

  it('opset 18 antialias: linear and cubic, down and up, exclude_outside, coordinate modes', async () => {
    const big = randomHost([1, 2, 9, 11], 4);
    for (const mode of ['linear', 'cubic']) {
      for (const coord of ['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric']) {
        for (const exclude of [0, 1]) {
          for (const given of [{ scales: [1, 1, 0.4, 0.7] }, { sizes: [1, 2, 4, 17] }]) {
            const attrs = { mode: attr.string(mode), antialias: attr.int(1), coordinate_transformation_mode: attr.string(coord), exclude_outside: attr.int(exclude), cubic_coeff_a: attr.float(-0.5) };
            await checkAgainstOrt(resizeCase(18, attrs, given, big), { rtol: 1e-4, atol: 1e-5 });
          }
        }
      }
    }
  });

  it('nearest resizing of integer tensors', async () => {
    const ints = randomHost([1, 2, 3, 4], 5, 0, 100, 'int32');
    await checkAgainstOrt(resizeCase(13, { mode: attr.string('nearest') }, { scales: [1, 1, 2, 1.5] }, ints), TOL);
  });

  it('rejects scales and sizes together or neither, wrong lengths and unknown modes', () => {
    const cases: [ReturnType<typeof resizeCase>, RegExp][] = [
      [resizeCase(13, {}, { scales: UP, sizes: [2, 3, 4, 4] }), /exactly one of 'scales' and 'sizes'/],
      [resizeCase(13, {}, {}), /exactly one of 'scales' and 'sizes' must be given, got neither/],
      [resizeCase(13, {}, { scales: [2, 2] }), /'scales' holds 2 values, expected 4/],
      [resizeCase(13, { mode: attr.string('bicubic') }, { scales: UP }), /'mode' = 'bicubic'/],
      [resizeCase(13, { coordinate_transformation_mode: attr.string('corners') }, { scales: UP }), /'coordinate_transformation_mode' = 'corners'/],
      [resizeCase(18, { axes: attr.ints([4]) }, { scales: [2] }), /'axes' = 4 is out of range/],
      [resizeCase(13, {}, { scales: [1, 1, 0, 2] }), /'scales' = \[1, 1, 0, 2\] must hold positive numbers/],
      [resizeCase(13, {}, { sizes: [2, 3, 100000, 100000] }), /the output \[2, 3, 100000, 100000\] would hold more than 2\^31 - 1 elements/],
    ];
    for (const [c, match] of cases) {
      expect(() => runPistil(buildOpModel(c), { x }), String(match)).toThrow(OnnxFormatError);
      expect(() => runPistil(buildOpModel(c), { x })).toThrow(match);
    }
  });
});

describe('Upsample', () => {
  it('opset 7 (scales attribute) and 9 (scales input), nearest and linear', async () => {
    for (const mode of ['nearest', 'linear']) {
      await checkAgainstOrt({ opType: 'Upsample', opset: 7, attrs: { mode: attr.string(mode), scales: attr.floats([1, 1, 2, 1.5]) }, inputs: ['x'], feeds: { x } }, TOL);
      await checkAgainstOrt({ opType: 'Upsample', opset: 9, attrs: { mode: attr.string(mode) }, inputs: ['x', 's'], feeds: { x }, initializers: { s: scalesOf([1, 1, 3, 2.5]) } }, TOL);
    }
  });

  it('rejects scales of the wrong length', () => {
    const bytes = buildOpModel({ opType: 'Upsample', opset: 7, attrs: { scales: attr.floats([2, 2]) }, inputs: ['x'], feeds: { x } });
    expect(() => runPistil(bytes, { x })).toThrow(/under_test.*must hold 4 values/);
  });
});

describe('DepthToSpace and SpaceToDepth', () => {
  it('DepthToSpace DCR (opsets 1, 13) and CRD', async () => {
    const d = randomHost([2, 8, 3, 2], 6);
    await checkAgainstOrt({ opType: 'DepthToSpace', opset: 1, attrs: { blocksize: attr.int(2) }, inputs: ['x'], feeds: { x: d } }, TOL);
    for (const mode of ['DCR', 'CRD']) await checkAgainstOrt({ opType: 'DepthToSpace', opset: 13, attrs: { blocksize: attr.int(2), mode: attr.string(mode) }, inputs: ['x'], feeds: { x: d } }, TOL);
  });

  it('SpaceToDepth', async () => {
    await checkAgainstOrt({ opType: 'SpaceToDepth', opset: 13, attrs: { blocksize: attr.int(3) }, inputs: ['x'], feeds: { x: randomHost([2, 2, 6, 3], 7) } }, TOL);
  });

  it('rejects a blocksize that does not divide the input', () => {
    const d = randomHost([1, 6, 2, 2], 8);
    expect(() => runPistil(buildOpModel({ opType: 'DepthToSpace', attrs: { blocksize: attr.int(2) }, inputs: ['x'], feeds: { x: d } }), { x: d })).toThrow(/under_test.*blocksize² = 4/);
    expect(() => runPistil(buildOpModel({ opType: 'SpaceToDepth', attrs: { blocksize: attr.int(3) }, inputs: ['x'], feeds: { x: d } }), { x: d })).toThrow(/under_test.*divisible by blocksize 3/);
  });
});
