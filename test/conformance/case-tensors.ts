/** Shared pieces of the conformance adapters: JSON arrays to tensors and back, and the named losses. */
import { crossEntropy, tf, type Scalar, type Tensor } from '@gradbook/core';

type Json = number | Json[] | { [k: string]: Json };

/** `{ layer: { kernel: [[…]], bias: […] } }` → the same tree of float32 tensors. */
export function tensorsOf(tree: unknown): any {
  if (Array.isArray(tree) || typeof tree === 'number') return tf.tensor(tree as number[]);
  return Object.fromEntries(Object.entries(tree as Record<string, unknown>).map(([k, v]) => [k, tensorsOf(v)]));
}

/** A tree of tensors → the same tree of nested arrays (reads every tensor synchronously). */
export function jsonOf(tree: unknown): Json {
  if (tree instanceof tf.Tensor) return (tree as Tensor).arraySync() as Json;
  return Object.fromEntries(Object.entries(tree as Record<string, unknown>).map(([k, v]) => [k, jsonOf(v)]));
}

/** The loss a case names, as `(logits, labels) → scalar`; an unknown name is an error that names it. */
export function lossOf(name: unknown): (logits: Tensor, labels: Tensor) => Scalar {
  if (name === 'cross-entropy-mean') return crossEntropy;
  throw new Error(`unknown loss ${JSON.stringify(name)} (this runner knows cross-entropy-mean)`);
}

/** Integer class labels as an int32 tensor. */
export function labelsOf(labels: number[]): Tensor {
  return tf.tensor1d(labels, 'int32');
}
