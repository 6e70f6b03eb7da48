import type { Backend, DataId, DType } from '@pistil/backend';
import { bytesPerElement } from '@pistil/backend';

/**
 * One buffer on one backend, shared by every tensor that views it (reshape, detach, flatten are
 * metadata only). Freed on the backend when the last tensor using it lets go.
 */
export class Storage {
  private refs = 1;
  readonly bytes: number;

  constructor(
    readonly backend: Backend,
    /** The name the backend is registered under (two instances of one backend class differ here). */
    readonly device: string,
    readonly dataId: DataId,
    readonly dtype: DType,
    readonly size: number,
    private readonly onFree: (s: Storage) => void,
  ) {
    this.bytes = size * bytesPerElement(dtype);
  }

  get alive(): boolean {
    return this.refs > 0;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (this.refs <= 0) return;
    if (--this.refs === 0) {
      this.backend.dispose(this.dataId);
      this.onFree(this);
    }
  }
}
