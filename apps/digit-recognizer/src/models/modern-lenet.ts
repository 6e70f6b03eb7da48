import { BatchNorm2d, Conv2d, Dropout, Flatten, Linear, MaxPool2d, Module, ReLU, Sequential } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';

export interface ModernLeNetConfig {
  /** Feature maps of the two convolutions (LeNet-5's are 6 and 16). */
  channels?: readonly [number, number];
  /** Dropout after each hidden fully connected layer. */
  dropout?: number;
}

/**
 * LeNet-5's shape with today's parts: 28×28 input padded so C1 stays 28×28, ReLU, max-pooling,
 * batch norm after each convolution, dropout in the classifier, PyTorch's default initialisation.
 * `features` then `classifier`, as torchvision names them.
 */
export class ModernLeNet extends Module {
  readonly features: Sequential;
  readonly classifier: Sequential;

  constructor(readonly config: ModernLeNetConfig = {}) {
    super();
    const [c1, c2] = config.channels ?? [6, 16];
    const p = config.dropout ?? 0.25;
    this.features = new Sequential(
      new Conv2d(1, c1, 5, { padding: 2, bias: false }), new BatchNorm2d(c1), new ReLU(), new MaxPool2d(2),
      new Conv2d(c1, c2, 5, { bias: false }), new BatchNorm2d(c2), new ReLU(), new MaxPool2d(2),
    );
    this.classifier = new Sequential(
      new Flatten(),
      new Linear(c2 * 25, 120), new ReLU(), new Dropout(p),
      new Linear(120, 84), new ReLU(), new Dropout(p),
      new Linear(84, 10),
    );
  }

  /** x: [N, 1, 28, 28] → logits [N, 10]. */
  forward(x: Tensor): Tensor {
    return this.classifier.call(this.features.call(x));
  }
}
