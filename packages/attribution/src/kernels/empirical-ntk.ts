import { tidy } from '../internal/tidy.js';
import { GradbookError, tf, tree } from '@gradbook/core';
import type { Model, Params, Tensor } from '@gradbook/core';
import { checkInput, outputCount } from '../internal/checks.js';
import { paramValueAndGrad, row } from '../internal/param-grad.js';

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
 * parameters, for one output k or summed over the outputs (the trace of the full kernel). Costs one
 * backward pass per example and output.
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
    let kernel: Tensor = tf.zeros([n, n]);
    for (const k of outputs) {
      const rowsK: Tensor[] = [];
      for (let i = 0; i < n; i++) {
        rowsK.push(
          tidy(() => {
            const xi = row(x, i);
            const { grads } = paramValueAndGrad((p: Params) => tf.sum(tf.slice(model.apply(p, xi), [0, k], [1, 1])) as tf.Scalar, params);
            return tf.concat(tree.leaves(grads).map((g) => tf.reshape(g, [-1])));
          }),
        );
      }
      const j = tf.stack(rowsK);
      kernel = tf.add(kernel, tf.matMul(j, tf.transpose(j)));
    }
    return kernel;
  });
}
