import { tidy } from '../internal/tidy.js';
import { GradbookError, perExampleGrads, tf, tree } from '@gradbook/core';
import type { Model, Params, Tensor } from '@gradbook/core';
import { checkInput, outputCount } from '../internal/checks.js';

/** Options of {@link empiricalNtk}. */
export interface EmpiricalNtkOptions {
  /** The model. */
  model: Model;
  /** Its parameters. */
  params: Params;
  /** Inputs `[batch, ...inputShape]`. */
  x: Tensor;
  /** Which output k: a class index, or `'trace'` to sum the kernels of all outputs. Default `'trace'`. */
  output?: number | 'trace';
}

/**
 * The empirical neural tangent kernel of a batch: `Θᵢⱼ = ⟨∂f_k(xᵢ)/∂θ, ∂f_k(xⱼ)/∂θ⟩` over all
 * parameters, for one output k or summed over the outputs (the trace of the full kernel). Per-example
 * gradients come from core's `perExampleGrads`: one backward pass per output for dense and conv
 * models.
 *
 * @param options - `model`, `params`, `x`; `output` ('trace').
 * @returns the kernel `[batch, batch]` (yours to dispose).
 * @example
 * const K = empiricalNtk({ model, params, x, output: 0 });
 * @see Jacot, Gabriel, Hongler (2018), Neural Tangent Kernel.
 */
export function empiricalNtk(options: EmpiricalNtkOptions): Tensor {
  const where = 'empiricalNtk';
  const { model, params, x, output = 'trace' } = options;
  checkInput(where, model, x);
  const classes = outputCount(where, model);
  if (output !== 'trace' && !(Number.isInteger(output) && output >= 0 && output < classes)) {
    throw new GradbookError(`${where}(output)`, `output ${output} is out of range: the model has ${classes} outputs; pass an index in [0, ${classes - 1}] or 'trace'`);
  }
  const outputs = output === 'trace' ? Array.from({ length: classes }, (_, k) => k) : [output];
  const n = x.shape[0]!;
  return tidy(() => {
    const dummy = tf.zeros([n]);
    let kernel: Tensor = tf.zeros([n, n]);
    for (const k of outputs) {
      // The "loss" mean_i f_k(x_i): its per-example gradients are ∂f_k(x_i)/∂θ (core's perExampleGrads).
      const fk = (out: Tensor): tf.Scalar => tf.mean(tf.slice(out, [0, k], [-1, 1])) as tf.Scalar;
      const grads = perExampleGrads({ model, params, loss: fk, x, y: dummy });
      const j = tf.concat(tree.leaves(grads).map((g) => tf.reshape(g, [n, -1])), 1);
      kernel = tf.add(kernel, tf.matMul(j, tf.transpose(j)));
    }
    return kernel;
  });
}
