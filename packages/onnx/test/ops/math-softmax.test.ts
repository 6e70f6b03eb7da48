import { describe, it } from 'vitest';
import { OnnxFormatError } from '../../src/errors.js';
import { attr, checkOp, expectOpError, gradcheckOp, host, randomHost } from '../helpers/op-checks.js';

const x = randomHost([2, 3, 4], 31, -3, 3);
// Ties: Hardmax picks the first maximum.
const ties = host.f32([2, 4], [1, 3, 3, 0, -1, -1, -2, -1]);

describe('Softmax, LogSoftmax, Hardmax', () => {
  for (const opType of ['Softmax', 'LogSoftmax', 'Hardmax']) {
    it(`${opType} before opset 13 flattens to 2-D at axis (default 1)`, async () => {
      for (const opset of [1, 11]) {
        await checkOp({ opType, opset, inputs: ['x'], feeds: { x } });
        for (const axis of [0, 2, -1]) await checkOp({ opType, opset: 11, attrs: { axis: attr.int(axis) }, inputs: ['x'], feeds: { x } });
      }
    });
    it(`${opType} from opset 13 normalises one axis (default -1)`, async () => {
      await checkOp({ opType, opset: 13, inputs: ['x'], feeds: { x } });
      for (const axis of [0, 1, -2]) await checkOp({ opType, opset: 13, attrs: { axis: attr.int(axis) }, inputs: ['x'], feeds: { x } });
    });
    it(`${opType} with ties and large values`, async () => {
      await checkOp({ opType, inputs: ['x'], feeds: { x: ties } });
      await checkOp({ opType, inputs: ['x'], feeds: { x: host.f32([3], [1000, 1001, 999]) } });
    });
    it(`${opType} axis out of range is an OnnxFormatError naming the attribute`, () => {
      expectOpError({ opType, opset: 13, attrs: { axis: attr.int(3) }, inputs: ['x'], feeds: { x } }, OnnxFormatError, /'axis' = 3/);
      expectOpError({ opType, opset: 11, attrs: { axis: attr.int(3) }, inputs: ['x'], feeds: { x } }, OnnxFormatError, /'axis' = 3/);
      expectOpError({ opType, opset: 9, attrs: { axis: attr.int(-4) }, inputs: ['x'], feeds: { x } }, OnnxFormatError, /'axis' = -4/);
    });
  }
});

describe('gradients', () => {
  const g = randomHost([2, 3, 2], 32);
  for (const opType of ['Softmax', 'LogSoftmax']) {
    for (const opset of [11, 13]) {
      it(`${opType} (opset ${opset})`, () => gradcheckOp({ opType, opset, attrs: { axis: attr.int(1) }, inputs: ['x'], feeds: { x: g } }, ['x']));
    }
  }
});
