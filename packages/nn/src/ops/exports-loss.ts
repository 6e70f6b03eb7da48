// Functional losses (loss Modules wrap these).
export { crossEntropy } from './cross-entropy.js';
export { nllLoss } from './nll-loss.js';
export type { NllLossOptions, Reduction } from './nll-loss.js';
