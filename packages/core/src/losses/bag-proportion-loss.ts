import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { ShapeError, formatShape } from '../errors.js';
import { matMul } from '../ops/mat-mul.js';
import { softmax } from '../ops/softmax.js';

/**
 * The bag-level loss of learning from label proportions: for each bag in the batch, the
 * cross-entropy between the bag's true class proportions `p` and the mean of its examples' predicted
 * probabilities `p̂ = mean_{i ∈ bag} softmax(logits_i)`, `−Σ_c p_c·log p̂_c`, averaged over the bags
 * (each bag counts once, whatever its size). No example's own label is used.
 *
 * The targets say which bag each example is in and what that bag's proportions are, one row per
 * example: `[bag, p_0, …, p_{k−1}]` (what `@gradbook/data`'s `bagLoader` gives). Examples of one bag
 * must share a bag number; bags are found by comparing those numbers, so nothing is read back from
 * the device. Written with this package's softmax, so it is right to second order.
 *
 * @param logits - `[n, k]`, no softmax applied.
 * @param target - `[n, 1 + k]`: each example's bag number, then its bag's proportions.
 * @returns a scalar: the mean over the batch's bags of the bag's proportion cross-entropy.
 * @example
 * // two bags of two: bag 0 is all class 0, bag 1 half and half
 * const target = tf.tensor2d([[0, 1, 0], [0, 1, 0], [1, 0.5, 0.5], [1, 0.5, 0.5]]);
 * bagProportionLoss(tf.tensor2d([[3, 0], [2, 0], [2, 0], [0, 2]]), target).print(); // 0.3901: (−log 0.9167 + log 2) / 2
 * @see Ardehaly & Culotta (2017), Co-Training for Demographic Classification Using Deep Learning from
 * Label Proportions; Quadrianto et al. (2009), Estimating Labels from Label Proportions (the setting).
 */
export function bagProportionLoss(logits: Tensor, target: Tensor): Scalar {
  if (logits.rank !== 2) throw new ShapeError('bagProportionLoss(logits)', `expected logits [batch, classes], got ${formatShape(logits.shape)}`, [null, null], logits.shape);
  const [n, k] = logits.shape as [number, number];
  if (target.rank !== 2 || target.shape[0] !== n || target.shape[1] !== k + 1) {
    throw new ShapeError(
      'bagProportionLoss(target)',
      `expected [n, 1 + classes] = [${n}, ${k + 1}] (each example's bag number, then its bag's proportions, as bagLoader gives), got ${formatShape(target.shape)}`,
      [n, k + 1],
      target.shape,
    );
  }
  return tf.tidy(() => {
    const t = tf.cast(target, 'float32');
    const bag = tf.slice(t, [0, 0], [n, 1]);
    const proportions = tf.slice(t, [0, 1], [n, k]);
    // same[i, j] = 1 when examples i and j share a bag; each row divided by its bag's size
    const same = tf.cast(tf.equal(bag, tf.reshape(bag, [1, n])), 'float32');
    const size = tf.sum(same, 1, true);
    const bagMean = matMul(tf.div(same, size), softmax(logits)); // [n, k]: row i is p̂ of i's bag
    // log is differentiated from its input, so second order holds; the floor only guards log(0)
    const perExample = tf.neg(tf.sum(tf.mul(proportions, tf.log(tf.maximum(bagMean, 1e-30))), 1, true));
    // each bag's loss appears once per member: weight 1/size, and divide by the number of bags
    const numBags = tf.sum(tf.div(1, size));
    return tf.div(tf.sum(tf.div(perExample, size)), numBags) as Scalar;
  });
}
