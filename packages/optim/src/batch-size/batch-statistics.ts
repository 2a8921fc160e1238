import { GradbookError, formatShape, tf, tree } from '@gradbook/core';
import type { Tensor, TensorTree } from '@gradbook/core';

/** Per-batch statistics of per-example gradients `gᵢ` (i = 1…b) with mean `ḡ`. */
export interface BatchStatistics {
  /** b, the number of examples. */
  readonly batchSize: number;
  /** ‖ḡ‖², the squared norm of the mini-batch gradient. */
  readonly meanNormSq: number;
  /** Sample variance of the gradients, `Σ‖gᵢ − ḡ‖² / (b − 1)`. */
  readonly variance: number;
  /** Sample variance of the projections, `Σ(⟨gᵢ, ḡ⟩ − ‖ḡ‖²)² / (b − 1)`. */
  readonly innerProductVariance: number;
  /** Sample variance of the parts orthogonal to ḡ, `Σ‖gᵢ − (⟨gᵢ, ḡ⟩/‖ḡ‖²)ḡ‖² / (b − 1)`. */
  readonly orthogonalVariance: number;
}

/**
 * Computes the statistics that adaptive batch-size tests need, from per-example gradients: a tree
 * whose leaves have a leading batch dimension (as core's `perExampleGrads` returns), or one tensor
 * `[b, …]`. Everything is reduced on the device and read back once.
 *
 * @param perExample - per-example gradients, leaves shaped `[b, …parameter shape]`, b ≥ 2.
 * @returns the {@link BatchStatistics} as numbers.
 * @example
 * const stats = batchStatistics(perExampleGrads({ model, params, loss, x, y }));
 * normTest(stats).nextBatchSize;
 * @see Byrd, Chin, Nocedal & Wu (2012); Bollapragada, Byrd & Nocedal (2018).
 */
export function batchStatistics(perExample: TensorTree): BatchStatistics {
  const where = 'batchStatistics';
  const leaves = tree.leaves(perExample);
  if (leaves.length === 0) throw new GradbookError(where, 'perExample has no tensors; pass per-example gradients with a leading batch dimension');
  const b = leaves[0]!.shape[0];
  for (const [i, l] of leaves.entries()) {
    if (l.rank < 1 || l.shape[0] !== b) {
      throw new GradbookError(where, `every leaf needs the same leading batch dimension; leaf ${i} has shape ${formatShape(l.shape)}, leaf 0 has batch ${b}`);
    }
  }
  if (b === undefined || b < 2) throw new GradbookError(where, `needs at least 2 examples to estimate a variance, received a batch of ${b ?? 0}`);
  const out = tf.tidy(() => {
    const G = leaves.length === 1 ? leaves[0]!.reshape([b, -1]) : tf.concat(leaves.map((l: Tensor) => l.reshape([b, -1])), 1);
    const mean = tf.mean(G, 0);
    const meanNormSq = tf.sum(tf.square(mean));
    const variance = tf.div(tf.sum(tf.square(tf.sub(G, mean))), b - 1);
    const dots = tf.matMul(G, mean.reshape([-1, 1])); // [b, 1]
    const innerProductVariance = tf.div(tf.sum(tf.square(tf.sub(dots, meanNormSq))), b - 1);
    const orth = tf.sub(G, tf.mul(tf.div(dots, meanNormSq), mean));
    const orthogonalVariance = tf.div(tf.sum(tf.square(orth)), b - 1);
    return tf.stack([meanNormSq, variance, innerProductVariance, orthogonalVariance]);
  });
  const [meanNormSq, variance, innerProductVariance, orthogonalVariance] = Array.from(out.dataSync());
  out.dispose();
  return { batchSize: b, meanNormSq: meanNormSq!, variance: variance!, innerProductVariance: innerProductVariance!, orthogonalVariance: orthogonalVariance! };
}
