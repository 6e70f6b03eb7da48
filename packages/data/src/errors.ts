import { PistilError } from '@pistil/nn';

/**
 * A sample failed to load (bad file, transform error) during a DataLoader epoch. The message
 * names the dataset index and the batch; `cause` is the original error (e.g. a FormatError).
 */
export class SampleError extends PistilError {
  override readonly name: string = 'SampleError';
  constructor(
    readonly index: number,
    readonly batch: number,
    override readonly cause: unknown,
  ) {
    super(`DataLoader: sample at dataset index ${index} (batch ${batch}) failed: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
  }
}

/** `error` with `cause` attached (nn's error classes take only a message). */
export function withCause<E extends Error>(error: E, cause: unknown): E {
  error.cause = cause;
  return error;
}
