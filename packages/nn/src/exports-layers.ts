// Public exports of Module, layers, initialisers, loss modules and safetensors I/O (re-exported by src/index.ts).
export { Module } from './module/module.js';
export type { ForwardHook, ForwardPreHook, HookHandle } from './module/module.js';
export { parameter, buffer } from './module/marks.js';
export type { BufferOptions } from './module/marks.js';
export { StateDictError } from './module/state-dict.js';
export type { LoadStateDictOptions, LoadStateDictResult } from './module/state-dict.js';
export type { SummaryOptions } from './module/summary.js';
export { Sequential } from './module/sequential.js';
export { ModuleList } from './module/module-list.js';

export type { FactoryOptions } from './layers/factory.js';
export { Linear } from './layers/linear.js';
export type { LinearOptions } from './layers/linear.js';
export { Conv1d } from './layers/conv1d.js';
export type { Conv1dLayerOptions } from './layers/conv1d.js';
export { Conv2d } from './layers/conv2d.js';
export type { Conv2dLayerOptions } from './layers/conv2d.js';
export type { PaddingMode } from './layers/padding-mode.js';
export { ConvTranspose2d } from './layers/conv-transpose2d.js';
export type { ConvTranspose2dLayerOptions } from './layers/conv-transpose2d.js';
export { MaxPool2d, AvgPool2d, LPPool2d, AdaptiveAvgPool2d } from './layers/pooling.js';
export { BatchNorm1d, BatchNorm2d, LayerNorm } from './layers/normalization.js';
export type { BatchNormLayerOptions, LayerNormLayerOptions } from './layers/normalization.js';
export { batchNorm } from './layers/batch-norm-fn.js';
export type { BatchNormOptions } from './layers/batch-norm-fn.js';
export { layerNorm } from './layers/layer-norm-fn.js';
export type { LayerNormOptions } from './layers/layer-norm-fn.js';
export { Embedding, embedding } from './layers/embedding.js';
export type { EmbeddingOptions } from './layers/embedding.js';
export { Dropout, Flatten, Identity } from './layers/basic.js';
export { ReLU, LeakyReLU, Sigmoid, Tanh, ELU, GELU, Softmax, LogSoftmax } from './layers/activations.js';

export { init } from './init/index.js';
export type { InitOptions, Nonlinearity, KaimingOptions, XavierOptions } from './init/index.js';

export { mseLoss, l1Loss } from './losses/regression.js';
export type { LossOptions } from './losses/reduction.js';
export { binaryCrossEntropy } from './losses/binary-cross-entropy.js';
export type { BceOptions } from './losses/binary-cross-entropy.js';
export { binaryCrossEntropyWithLogits } from './losses/bce-with-logits.js';
export type { BceWithLogitsOptions } from './losses/bce-with-logits.js';
export { klDiv } from './losses/kl-div.js';
export type { KlDivOptions } from './losses/kl-div.js';
export { l1Penalty, l2Penalty } from './losses/penalties.js';
export { CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss, KLDivLoss } from './losses/modules.js';
export type { CrossEntropyLossOptions, NLLLossOptions, BCELossOptions, BCEWithLogitsLossOptions } from './losses/modules.js';

export { encodeSafetensors } from './io/encode.js';
export { halfToFloat } from './io/bytes.js';
export { decodeSafetensors } from './io/decode.js';
export type { DecodeOptions, SafetensorsContents } from './io/decode.js';
export { MAX_HEADER_BYTES } from './io/format.js';
export { saveSafetensors, loadSafetensors, save, load, writeFileAtomic } from './io/node.js';
export type { LoadedModel } from './io/node.js';
