import type { Tensor } from '@pistil/nn';

/** Options every optimizer has. */
export interface OptimizerOptions {
  lr: number;
}

/** A resolved parameter group: its tensors and every option (defaults filled in), editable in place. */
export type ParamGroup<O extends OptimizerOptions = OptimizerOptions> = O & {
  params: Tensor[];
  /** The lr schedules start from; set by the first LR scheduler attached (as PyTorch's `initial_lr`). */
  initialLr?: number;
};

/** A group as given to a constructor or `addParamGroup`: its params plus the options it overrides. */
export type ParamGroupInput<O extends OptimizerOptions = OptimizerOptions> = Partial<O> & {
  params: Iterable<Tensor>;
  initialLr?: number;
};

/** What optimizers accept: parameters (one group), or a list of groups. */
export type ParamsInput<O extends OptimizerOptions = OptimizerOptions> = Iterable<Tensor> | readonly ParamGroupInput<O>[];

/** Per-parameter state (moment estimates, step counts): kept tensors and numbers. */
export type ParamState = Record<string, Tensor | number>;

/** The kind of each state entry an optimizer keeps, used to check a state dict before loading it. */
export type StateSpec = Record<string, 'tensor' | 'number'>;

/** An option value as a state dict stores it (JSON-able). */
export type OptionValue = number | boolean | string | readonly number[];

/** A param group in a state dict: its options and the indices of its params over all groups. */
export interface SavedParamGroup {
  params: number[];
  [option: string]: OptionValue;
}

/**
 * An optimizer's state, shaped as PyTorch's: `state[i]` is the state of the i-th parameter counted
 * over all groups in order (the tensors themselves, not copies); `paramGroups` hold the options.
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: SavedParamGroup[];
}
