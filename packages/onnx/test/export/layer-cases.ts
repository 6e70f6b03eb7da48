/** The layer cases of layers.test.ts and round-trip.test.ts: a module factory and inputs at any batch size. */
import {
  AdaptiveAvgPool2d, AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, ConvTranspose2d, Dropout, ELU, Embedding, Flatten, GELU,
  Identity, LPPool2d, LayerNorm, LeakyReLU, Linear, LogSoftmax, MaxPool2d, ReLU, Sequential, Sigmoid, Softmax, Tanh, noGrad, randint, randn, tidy,
} from '@pistil/nn';
import type { ExportCase } from './cases.js';

/** Inputs [batch, c, h, w], [batch, c, l] and [batch, n]. */
export const img = (c: number, h: number, w = h) => (batch: number) => [randn([batch, c, h, w])];
export const seq = (c: number, l: number) => (batch: number) => [randn([batch, c, l])];
export const vec = (n: number) => (batch: number) => [randn([batch, n])];

/** A BatchNorm with running statistics far from (0, 1): a few train-mode passes over shifted, scaled data. */
function warmed<M extends BatchNorm1d | BatchNorm2d>(bn: M, shape: readonly number[]): M {
  bn.train();
  noGrad(() => {
    for (let i = 0; i < 4; i++) tidy(() => void bn.call(randn(shape).mul(3).add(1.5)));
  });
  return bn;
}

/** LayerNormalization from opset 17, the traced mean and variance before. */
const layerNormOps = (opset: number): string[] => (opset >= 17 ? ['LayerNormalization'] : ['ReduceMean', 'Sqrt']);

export const LAYER_CASES: readonly ExportCase[] = [
  { label: 'Linear', make: () => new Linear(5, 3), input: vec(5), ops: ['Gemm'] },
  { label: 'Linear without bias', make: () => new Linear(5, 3, { bias: false }), input: vec(5), ops: ['Gemm'] },
  { label: 'Linear on 3-D input', make: () => new Linear(5, 3), input: seq(4, 5), ops: ['MatMul', 'Add'] },
  { label: 'Conv1d stride/padding', make: () => new Conv1d(3, 4, 3, { stride: 2, padding: 1 }), input: seq(3, 11), ops: ['Conv'] },
  { label: "Conv1d 'same' dilation reflect", make: () => new Conv1d(3, 4, 4, { padding: 'same', dilation: 2, paddingMode: 'reflect' }), input: seq(3, 12), ops: ['Pad', 'Conv'] },
  { label: 'Conv2d stride/padding', make: () => new Conv2d(3, 6, 3, { stride: 2, padding: 1 }), input: img(3, 9), ops: ['Conv'] },
  { label: 'Conv2d groups/dilation', make: () => new Conv2d(4, 6, [3, 2], { groups: 2, dilation: [2, 1], padding: [1, 2] }), input: img(4, 9, 7), ops: ['Conv'] },
  { label: "Conv2d 'same' even kernel", make: () => new Conv2d(2, 3, 4, { padding: 'same', bias: false }), input: img(2, 7), ops: ['Conv'] },
  { label: "Conv2d 'valid'", make: () => new Conv2d(2, 3, 3, { padding: 'valid' }), input: img(2, 6), ops: ['Conv'] },
  { label: 'Conv2d reflect padding', make: () => new Conv2d(2, 3, 3, { padding: 1, paddingMode: 'reflect' }), input: img(2, 6), ops: ['Pad', 'Conv'] },
  { label: 'Conv2d replicate padding', make: () => new Conv2d(2, 3, 3, { padding: [2, 1], paddingMode: 'replicate' }), input: img(2, 6), ops: ['Pad', 'Conv'] },
  { label: 'Conv2d circular padding (traced)', make: () => new Conv2d(2, 3, 3, { padding: 1, paddingMode: 'circular' }), input: img(2, 6), ops: ['Slice', 'Concat', 'Conv'] },
  {
    label: 'ConvTranspose2d stride/outputPadding/groups',
    make: () => new ConvTranspose2d(4, 6, 3, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }), input: img(4, 5), ops: ['ConvTranspose'],
  },
  { label: 'ConvTranspose2d dilation', make: () => new ConvTranspose2d(3, 2, [2, 3], { dilation: 2, stride: [1, 2] }), input: img(3, 4, 5), ops: ['ConvTranspose'] },
  { label: 'MaxPool2d', make: () => new MaxPool2d(2), input: img(3, 8), ops: ['MaxPool'] },
  { label: 'MaxPool2d ceilMode padding', make: () => new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }), input: img(2, 8), ops: ['MaxPool'] },
  { label: 'MaxPool2d dilation ceilMode', make: () => new MaxPool2d(3, { stride: 2, dilation: 2, ceilMode: true }), input: img(2, 10, 9), ops: ['MaxPool'] },
  { label: 'AvgPool2d', make: () => new AvgPool2d(2), input: img(3, 8), ops: ['AveragePool'] },
  { label: 'AvgPool2d countIncludePad false', make: () => new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }), input: img(2, 7), ops: ['AveragePool'] },
  { label: 'AvgPool2d ceilMode (traced)', make: () => new AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true }), input: img(2, 8), ops: ['AveragePool', 'Mul'] },
  { label: 'AvgPool2d divisorOverride (traced)', make: () => new AvgPool2d(2, { divisorOverride: 3 }), input: img(2, 6), ops: ['AveragePool', 'Mul'] },
  { label: 'LPPool2d (traced)', make: () => new LPPool2d(2, 3, { stride: 2, ceilMode: true }), input: img(2, 8), ops: ['Pow', 'AveragePool'] },
  { label: 'AdaptiveAvgPool2d(1)', make: () => new AdaptiveAvgPool2d(1), input: img(3, 5, 7), ops: ['GlobalAveragePool'] },
  { label: 'AdaptiveAvgPool2d uneven (traced)', make: () => new AdaptiveAvgPool2d([3, 2]), input: img(2, 7, 5), ops: ['MatMul'] },
  { label: 'BatchNorm1d [N, C]', make: () => warmed(new BatchNorm1d(4), [6, 4]), input: vec(4), ops: ['BatchNormalization'] },
  { label: 'BatchNorm1d [N, C, L]', make: () => warmed(new BatchNorm1d(3), [6, 3, 5]), input: seq(3, 5), ops: ['BatchNormalization'] },
  { label: 'BatchNorm2d', make: () => warmed(new BatchNorm2d(3, { eps: 1e-3 }), [4, 3, 5, 5]), input: img(3, 5), ops: ['BatchNormalization'] },
  { label: 'BatchNorm2d affine false', make: () => warmed(new BatchNorm2d(2, { affine: false }), [4, 2, 3, 3]), input: img(2, 3), ops: ['BatchNormalization'] },
  { label: 'LayerNorm', make: () => new LayerNorm([6]), input: seq(3, 6), ops: layerNormOps },
  { label: 'LayerNorm 2 dims no affine', make: () => new LayerNorm([3, 6], { elementwiseAffine: false }), input: seq(3, 6), ops: layerNormOps },
  { label: 'Dropout (eval)', make: () => new Dropout(0.4), input: vec(5), ops: ['Identity'], notOps: ['Mul'] },
  { label: 'Flatten', make: () => new Flatten(), input: img(2, 3), ops: ['Flatten'] },
  { label: 'Flatten(2) (reshape)', make: () => new Flatten(2), input: img(2, 3, 4), ops: ['Reshape'] },
  { label: 'Identity', make: () => new Identity(), input: vec(3), ops: ['Identity'] },
  { label: 'Embedding', make: () => new Embedding(10, 4), input: (batch) => [randint(0, 10, [batch, 5])], ops: ['Gather'] },
  { label: 'ReLU', make: () => new ReLU(), input: vec(7), ops: ['Relu'] },
  { label: 'LeakyReLU', make: () => new LeakyReLU(0.2), input: vec(7), ops: ['LeakyRelu'] },
  { label: 'Sigmoid', make: () => new Sigmoid(), input: vec(7), ops: ['Sigmoid'] },
  { label: 'Tanh', make: () => new Tanh(), input: vec(7), ops: ['Tanh'] },
  { label: 'ELU', make: () => new ELU(0.5), input: vec(7), ops: ['Elu'] },
  { label: 'GELU (erf decomposition)', make: () => new GELU(), input: vec(9), ops: ['Erf'] },
  { label: 'GELU tanh approximation', make: () => new GELU('tanh'), input: vec(9), ops: ['Tanh'] },
  { label: 'Softmax', make: () => new Softmax(1), input: seq(3, 4), ops: ['Softmax'] },
  { label: 'LogSoftmax', make: () => new LogSoftmax(), input: seq(3, 4), ops: ['LogSoftmax'] },
  {
    label: 'Sequential CNN',
    make: () => new Sequential(new Conv2d(1, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(4 * 4 * 4, 5), new LogSoftmax()),
    input: img(1, 8), ops: ['Conv', 'BatchNormalization', 'Relu', 'MaxPool', 'Flatten', 'Gemm', 'LogSoftmax'],
  },
];

