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
  /**
   * Which output: a class index k; `'trace'` to sum the kernels of all outputs (`Σ_k Θ^k`); or `'sum'`
   * for the kernel of the summed logits `s(x) = Σ_k f_k(x)` (the kernel label-gradient alignment uses,
   * Mok et al. 2022). Default `'trace'`.
   */
  output?: number | 'trace' | 'sum';
}

/**
 * The empirical neural tangent kernel of a batch: `Θᵢⱼ = ⟨∂f_k(xᵢ)/∂θ, ∂f_k(xⱼ)/∂θ⟩` over all
 * parameters, for one output k, summed over the outputs (the trace of the full kernel), or of the
 * sum of the outputs (`'sum'`: `⟨∂Σ_k f_k(xᵢ)/∂θ, ∂Σ_k f_k(xⱼ)/∂θ⟩`, which adds the cross terms). Per-example
 * gradients come from core's `perExampleGrads`: one backward pass per output for dense and conv
 * models.
 *
 * @param options - `model`, `params`, `x`; `output` ('trace'; or a class index, or 'sum').
 * @returns the kernel `[batch, batch]` (yours to dispose).
 * @example
 * const K = empiricalNtk({ model, params, x, output: 0 });
 * const S = empiricalNtk({ model, params, x, output: 'sum' }); // for labelGradientAlignment
 * @see Jacot, Gabriel, Hongler (2018), Neural Tangent Kernel.
 */
export function empiricalNtk(options: EmpiricalNtkOptions): Tensor {
  const where = 'empiricalNtk';
  const { model, params, x, output = 'trace' } = options;
  checkInput(where, model, x);
  const classes = outputCount(where, model);
  if (output !== 'trace' && output !== 'sum' && !(Number.isInteger(output) && output >= 0 && output < classes)) {
    throw new GradbookError(`${where}(output)`, `output ${output} is out of range: the model has ${classes} outputs; pass an index in [0, ${classes - 1}], 'trace' or 'sum'`);
  }
  const outputs: (number | 'sum')[] = output === 'trace' ? Array.from({ length: classes }, (_, k) => k) : [output];
  const n = x.shape[0]!;
  return tidy(() => {
    const dummy = tf.zeros([n]);
    let kernel: Tensor = tf.zeros([n, n]);
    for (const k of outputs) {
      // The "loss" mean_i f_k(x_i): its per-example gradients are ∂f_k(x_i)/∂θ (core's perExampleGrads).
      const fk = (out: Tensor): tf.Scalar => (k === 'sum' ? tf.mean(tf.sum(out, 1)) : tf.mean(tf.slice(out, [0, k], [-1, 1]))) as tf.Scalar;
      const grads = perExampleGrads({ model, params, loss: fk, x, y: dummy });
      const j = tf.concat(tree.leaves(grads).map((g) => tf.reshape(g, [n, -1])), 1);
      kernel = tf.add(kernel, tf.matMul(j, tf.transpose(j)));
    }
    return kernel;
  });
}
