import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';

/**
 * Label tensors already found to be classes of a `k`-class output. Tensors are immutable, so a
 * tensor checked once stays good: full-batch training (the same batch every step) reads its labels
 * once, not every step.
 */
const checked = new WeakMap<Tensor, number>();

/** The first label that is not a whole number in [0, classes), with its index; undefined when all are. */
function firstBad(values: ArrayLike<number>, classes: number): { label: number; index: number } | undefined {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(Number.isInteger(v) && v >= 0 && v < classes)) return { label: v, index: i };
  }
  return undefined;
}

function verdict(where: string, labels: Tensor, values: ArrayLike<number>, classes: number): void {
  const bad = firstBad(values, classes);
  if (bad) {
    throw new GradbookError(
      where,
      `label ${bad.label} at index ${bad.index} is not a class of a ${classes}-class output; expected whole numbers in [0, ${classes}) (labels are class indices counting from 0)`,
    );
  }
  if (checked.get(labels) !== classes) checked.set(labels, classes);
}

// Backends whose tensors live in GPU memory: a synchronous read there stalls the pipeline (and
// WebGPU's dataSync returned zeros in our measurements), so the loss leaves these to `train`'s
// asynchronous check.
const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

/**
 * Throws when an integer label is outside [0, classes), naming the first bad label and its index.
 * Synchronous, for the losses: one read of the `[n]` labels per batch, which on cpu and wasm (and
 * native TensorFlow) is a copy of n numbers from memory the backend already holds, far cheaper than
 * the loss itself. On GPU backends it does nothing: {@link checkClassLabelsAsync} covers them in `train`.
 * @internal
 */
export function checkClassLabels(where: string, labels: Tensor, classes: number): void {
  if (labels.rank !== 1 || checked.get(labels) === classes || GPU_BACKENDS.has(tf.getBackend())) return;
  verdict(where, labels, labels.dataSync(), classes);
}

/** {@link checkClassLabels} with an asynchronous read, so that it works, without a stall, on every backend. @internal */
export async function checkClassLabelsAsync(where: string, labels: Tensor, classes: number): Promise<void> {
  if (labels.rank !== 1 || checked.get(labels) === classes) return;
  verdict(where, labels, await labels.data(), classes);
}
