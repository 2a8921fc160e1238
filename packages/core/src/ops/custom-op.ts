import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';

/** One gradient per input, computed only when asked for (inputs not on a differentiated path are skipped). */
export type LazyGrads = ReadonlyArray<() => Tensor>;

interface KernelFuncEngine {
  isTapeOn(): boolean;
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (tensors: Tensor[]) => void) => Tensor;
    backwardsFunc: (dy: Tensor, saved: Tensor[]) => Record<string, () => Tensor>;
    inputs: Record<string, Tensor>;
  }): Tensor;
}

/**
 * Runs `forward(...inputs)` as one node on TensorFlow.js's tape whose gradient is `backward`.
 *
 * Like `tf.customGrad`, with two differences that matter here:
 * - `backward` receives the SAVED INPUTS (copies that the tape links to the originals), never the
 *   op's output. TensorFlow.js records a saved output on the tape before the op that makes it, so a
 *   gradient built from saved outputs drops a path when differentiated again; one built from inputs
 *   with twice-differentiable ops is right to any order.
 * - gradients are thunks, so an input that is not being differentiated (a data batch) costs nothing.
 *
 * `saveAlso` makes more tensors to save when a gradient is being recorded (a max pool's mask, used
 * by every order of its gradient); they follow the inputs (and output) in `saved`.
 * With `saveOutput`, `saved` holds a copy of the output after the inputs. Use it only as a known VALUE (see
 * `tanh`: a tape node on the saved input whose forward returns it), never as an operand of a
 * differentiated op, or second derivatives lose that path.
 *
 * @internal
 */
export function customOp(
  inputs: readonly Tensor[],
  forward: (...xs: Tensor[]) => Tensor,
  backward: (dy: Tensor, saved: Tensor[]) => LazyGrads,
  options: { saveOutput?: boolean; saveAlso?: (output: Tensor, ...inputs: Tensor[]) => Tensor[] } = {},
): Tensor {
  const inputMap: Record<string, Tensor> = {};
  inputs.forEach((t, i) => {
    inputMap[i] = t;
  });
  const engine = tf.engine() as unknown as KernelFuncEngine;
  // saveAlso's tensors are made only when a gradient is being recorded
  const taping = options.saveAlso !== undefined && engine.isTapeOn();
  return engine.runKernelFunc({
    forwardFunc: (_backend, save) => {
      const out = forward(...inputs);
      const saved = options.saveOutput ? [...inputs, out] : [...inputs];
      if (taping) saved.push(...options.saveAlso!(out, ...inputs));
      save(saved);
      return out;
    },
    backwardsFunc: (dy, saved) => {
      const thunks = backward(dy, saved);
      const out: Record<string, () => Tensor> = {};
      thunks.forEach((thunk, i) => {
        out[i] = thunk;
      });
      return out;
    },
    inputs: inputMap,
  });
}
