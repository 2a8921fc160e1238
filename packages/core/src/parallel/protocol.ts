import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import type { LossConfig } from '../losses/config.js';
import type { ModelConfig } from '../model/config.js';
import type { Params } from '../model/types.js';

/** A tensor as a message can carry it. @internal */
export interface WireTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

/** A parameter tree as a message can carry it: `{ layer: { param: WireTensor } }`. @internal */
export type WireParams = Record<string, Record<string, WireTensor>>;

/** What the training thread asks of a gradient worker. @internal */
export type Request =
  | { kind: 'init'; backend: string; wasmPaths?: string | Record<string, string>; model: ModelConfig; loss: LossConfig }
  | { kind: 'gradient'; id: number; params: WireParams; x: WireTensor; y: WireTensor; seed: number; wantOutput: boolean };

/** A worker's answers. @internal */
export type Reply =
  | { kind: 'ready' }
  | { kind: 'gradient'; id: number; value: number; grads: WireParams; output?: WireTensor }
  | { kind: 'error'; id?: number; error: { name: string; message: string } };

/** Copies a tensor's values out (a read, so the tensor is untouched). @internal */
export async function toWire(t: Tensor): Promise<WireTensor> {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  const source = t.dtype === dtype ? t : tf.cast(t, dtype);
  // A copy of its own: on cpu a read returns the tensor's own storage, which must not be transferred.
  const data = ((await source.data()) as Float32Array | Int32Array).slice();
  if (source !== t) source.dispose();
  return { shape: [...t.shape], dtype, data };
}

/** {@link toWire} without waiting, for the worker side, which has nothing else to do meanwhile. @internal */
export function toWireSync(t: Tensor): WireTensor {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  return { shape: [...t.shape], dtype, data: (t.dataSync() as Float32Array | Int32Array).slice() };
}

/** A new tensor from a wire tensor; the caller owns it. @internal */
export function fromWire(w: WireTensor): Tensor {
  return tf.tensor(w.data, w.shape, w.dtype);
}

export async function paramsToWire(params: Params): Promise<WireParams> {
  const out: WireParams = {};
  for (const [layer, group] of Object.entries(params)) {
    out[layer] = {};
    for (const [name, t] of Object.entries(group)) out[layer]![name] = await toWire(t);
  }
  return out;
}

export function paramsFromWire(wire: WireParams): Params {
  const out: Params = {};
  for (const [layer, group] of Object.entries(wire)) {
    out[layer] = {};
    for (const [name, w] of Object.entries(group)) out[layer]![name] = fromWire(w);
  }
  return out;
}

/** The buffers of a wire tree, to transfer rather than copy. @internal */
export function buffersOf(...items: (WireTensor | WireParams | undefined)[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const visit = (v: WireTensor | WireParams | Record<string, WireTensor>): void => {
    if ('data' in v && ArrayBuffer.isView(v.data)) out.push(v.data.buffer as ArrayBuffer);
    else for (const child of Object.values(v)) visit(child as WireTensor);
  };
  for (const item of items) if (item) visit(item);
  return out;
}
