import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import type { LossConfig } from '../losses/config.js';
import type { ModelConfig } from '../model/config.js';
import { flatten, unflatten } from '../tree/flatten.js';
import type { Tree, TreeStructure } from '../tree/types.js';

/** A tensor as a message can carry it. @internal */
export interface WireTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

/**
 * The version of this protocol. A worker script from another build of the package (a stale `dist/`
 * beside newer sources) refuses to start rather than misread the messages. @internal
 */
export const PROTOCOL = 1;

/** What the training thread asks of a gradient worker. @internal */
export type Request =
  | { kind: 'init'; protocol: number; backend: string; wasmPaths?: string | Record<string, string>; model: ModelConfig; loss: LossConfig }
  | { kind: 'gradient'; id: number; params: WireTree; x: WireTensor; y: WireTensor; seed: number; wantOutput: boolean };

/** A worker's answers. @internal */
export type Reply =
  | { kind: 'ready' }
  | { kind: 'gradient'; id: number; value: number; grads: WireTree; output?: WireTensor }
  | { kind: 'error'; id?: number; error: { name: string; message: string } };

/**
 * Copies a tensor's values out (a read, so the tensor is untouched). Synchronous: threads run only
 * on the wasm and cpu backends, whose reads are immediate. @internal
 */
export function toWire(t: Tensor): WireTensor {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  const source = t.dtype === dtype ? t : tf.cast(t, dtype);
  // A copy of its own: on cpu a read returns the tensor's own storage, which must not be transferred.
  const data = (source.dataSync() as Float32Array | Int32Array).slice();
  if (source !== t) source.dispose();
  return { shape: [...t.shape], dtype, data };
}

/** A new tensor from a wire tensor; the caller owns it. @internal */
export function fromWire(w: WireTensor): Tensor {
  return tf.tensor(w.data, w.shape, w.dtype);
}

/** A tree of tensors as a message can carry it: the structure from `tree.flatten` and its leaves. @internal */
export interface WireTree {
  structure: TreeStructure;
  leaves: WireTensor[];
}

/** Copies a tree's values out. @internal */
export function treeToWire(t: Tree): WireTree {
  const { leaves, structure } = flatten(t);
  return { structure, leaves: leaves.map(toWire) };
}

/** New tensors in the shape of the original tree; the caller owns them. @internal */
export function treeFromWire<T extends Tree>(w: WireTree): T {
  return unflatten(w.structure, w.leaves.map(fromWire)) as T;
}

/** The buffers of wire tensors and trees, to transfer rather than copy. @internal */
export function buffersOf(...items: (WireTensor | WireTree | undefined)[]): ArrayBuffer[] {
  return items.flatMap((item) => (item === undefined ? [] : 'leaves' in item ? item.leaves : [item])).map((w) => w.data.buffer as ArrayBuffer);
}
