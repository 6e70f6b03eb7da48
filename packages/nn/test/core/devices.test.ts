import { registerBackend, removeBackend } from '@pistil/backend';
import { createCpuBackend } from '@pistil/backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError, getDefaultDevice, memory, ones, setDefaultDevice, tensor, toDeviceAsync, zeros } from '../../src/index.js';
import { expectClose } from '../helpers.js';

// A second, independent CPU backend under another name stands in for a GPU device.
beforeAll(() => registerBackend('cpu2', () => createCpuBackend()));
afterAll(() => removeBackend('cpu2'));

describe('devices', () => {
  it('to() copies a tensor to another device, and is a no-op on the same device', () => {
    const a = tensor([[1, 2], [3, 4]]);
    expect(a.to('cpu')).toBe(a);
    const b = a.to('cpu2');
    expect(b.device).toBe('cpu2');
    expect(b.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(memory().devices.cpu2!.tensors).toBeGreaterThanOrEqual(1);
  });

  it('ops on tensors of two devices throw a DeviceError naming both', () => {
    const a = ones([2]);
    const b = ones([2]).to('cpu2');
    expect(() => a.add(b)).toThrow(DeviceError);
    expect(() => a.add(b)).toThrow(/different devices \('cpu' and 'cpu2'\)/);
  });

  it('gradients flow back across a device move', () => {
    const x = tensor([1, 2, 3]).requiresGrad_();
    x.to('cpu2').mul(tensor([2, 3, 4]).to('cpu2')).sum().backward();
    expect(x.grad!.device).toBe('cpu');
    expectClose(x.grad!, [2, 3, 4]);
  });

  it('memory() still reports after a device backend is removed', () => {
    registerBackend('cpu3', () => createCpuBackend());
    const t = zeros([4]).to('cpu3');
    removeBackend('cpu3');
    expect(memory().devices.cpu3!.tensors).toBeGreaterThanOrEqual(1);
    expect(memory().devices.cpu3!.backend.buffers).toBe(0);
    void t;
  });

  it('the default device decides where new tensors go', async () => {
    setDefaultDevice('cpu2');
    try {
      expect(zeros([2]).device).toBe('cpu2');
      expect(getDefaultDevice()).toBe('cpu2');
    } finally {
      setDefaultDevice('cpu');
    }
    const moved = await toDeviceAsync(tensor([5]), 'cpu2');
    expect(moved.device).toBe('cpu2');
    expect(() => setDefaultDevice('webgl-that-is-missing')).toThrow(/not registered/);
  });
});
