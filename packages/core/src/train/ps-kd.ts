import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, ShapeError, formatShape } from '../errors.js';
import { softmax } from '../ops/softmax.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { psKdLoss } from '../losses/ps-kd-loss.js';
import type { Loss } from '../model/types.js';
import type { BatchLoss } from './batch-loss.js';
import type { Batch } from './data-source.js';

/** Options of {@link psKd}. */
export interface PsKdOptions {
  /** α_T, the weight of the model's own predictions in the last epoch. Default 0.8 (the paper's). */
  alphaT?: number;
  /** T, the number of epochs of the run (α grows linearly to α_T over them). */
  epochs: number;
}

/** A {@link BatchLoss} for PS-KD, with its schedule and its store of predictions. */
export interface PsKd extends BatchLoss {
  /** α of epoch `epoch` (counting from 0, as `train` does): `α_T·min(epoch + 1, T)/T`. */
  alphaAt(epoch: number): number;
  /** How many examples have a stored prediction. */
  readonly remembered: number;
  /** Forgets every stored prediction (the next epoch trains on the labels alone, as the first did). */
  reset(): void;
}

/**
 * Progressive self-knowledge distillation for `train`: in epoch t (from 1) of T, each example's target is
 * `(1 − α_t)·onehot(label) + α_t·p_{t−1}`, with `p_{t−1}` the model's own softmax prediction for that
 * example in the previous epoch (on the step that visited it, before that step's update) and
 * `α_t = α_T·t/T`. In the first epoch, with no prediction yet, the target is the label.
 *
 * The predictions are kept in one `Float32Array` on the CPU (examples × classes floats), keyed by
 * each batch's `rows` (set by `@gradbook/data`'s loaders and `toTensors`): an example's new
 * prediction overwrites the one it supersedes, and no tensor lives between steps. Pass it as the
 * loss of `train`; validation uses plain cross-entropy. One thread only.
 *
 * @param options - `epochs` T (required, the run's), `alphaT` (0.8).
 * @returns a {@link PsKd} loss for `train({ loss })`.
 * @example
 * const loss = psKd({ alphaT: 0.8, epochs: 10 });
 * for await (const e of train({ model, loss, optimizer: sgd(0.1), data: batchLoader(ds, { batchSize: 64 }), epochs: 10 })) {}
 * loss.alphaAt(9); // 0.8
 * @see Kim, Ji, Yoon & Hwang (ICCV 2021), Self-Knowledge Distillation with Progressive Refinement of
 * Targets (the authors' code: `alpha_t = alpha_T·(epoch + 1)/T`, predictions stored per example index).
 */
export function psKd(options: PsKdOptions): PsKd {
  const { alphaT = 0.8, epochs } = options ?? ({} as PsKdOptions);
  if (!(alphaT >= 0 && alphaT <= 1)) throw new GradbookError('psKd(alphaT)', `expected a number in [0, 1], got ${alphaT}`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new GradbookError('psKd(epochs)', `expected the run's number of epochs, a whole number ≥ 1, got ${epochs}`);
  let classes = 0;
  let probs = new Float32Array(0);
  let seen = new Uint8Array(0);
  let remembered = 0;

  const alphaAt = (epoch: number): number => {
    if (!Number.isInteger(epoch) || epoch < 0) throw new GradbookError('psKd.alphaAt(epoch)', `expected a whole number ≥ 0, got ${epoch}`);
    return (alphaT * Math.min(epoch + 1, epochs)) / epochs;
  };
  const rowsOf = (batch: Batch): Int32Array => {
    const rows = batch.rows;
    const n = batch.x.shape[0]!;
    if (!(rows instanceof Int32Array)) {
      throw new GradbookError('psKd(batch.rows)', "PS-KD keeps a prediction per example and needs each batch's rows; use a @gradbook/data batchLoader (or dataset.toTensors()), or give batches rows: Int32Array");
    }
    if (rows.length !== n) throw new ShapeError('psKd(batch.rows)', `expected one row per example (${n}), got ${rows.length}`, [n], [rows.length]);
    return rows;
  };
  const grow = (rows: Int32Array): void => {
    let max = -1;
    for (const r of rows) {
      if (r < 0) throw new GradbookError('psKd(batch.rows)', `rows must be ≥ 0, got ${r}`);
      if (r > max) max = r;
    }
    if (max < seen.length) return;
    const size = Math.max(max + 1, 2 * seen.length);
    const p = new Float32Array(size * classes);
    p.set(probs);
    const s = new Uint8Array(size);
    s.set(seen);
    probs = p;
    seen = s;
  };

  return {
    alphaAt,
    get remembered() {
      return remembered;
    },
    reset() {
      probs = new Float32Array(0);
      seen = new Uint8Array(0);
      remembered = 0;
    },
    evaluation: crossEntropy,
    forBatch(batch, epoch): Loss {
      const rows = rowsOf(batch);
      const alpha = alphaAt(epoch);
      // this batch's stored predictions, copied now: the step's own afterStep overwrites them
      const k = classes;
      const n = rows.length;
      const prev = new Float32Array(n * k);
      const known = new Float32Array(n);
      rows.forEach((r, i) => {
        if (r < seen.length && seen[r]) {
          prev.set(probs.subarray(r * k, (r + 1) * k), i * k);
          known[i] = 1;
        }
      });
      return (logits: Tensor, labels: Tensor) => {
        const c = logits.shape[1]!;
        if (k !== 0 && c !== k) throw new ShapeError('psKd(logits)', `the run's outputs had ${k} classes, this batch's have ${c}`, [null, k], logits.shape);
        if (labels.rank !== 1 || labels.shape[0] !== n) {
          throw new ShapeError('psKd(labels)', `expected ${n} integer labels [${n}], one per row, got ${formatShape(labels.shape)}`, [n], labels.shape);
        }
        return tf.tidy(() => {
          const onehot = tf.cast(tf.oneHot(tf.cast(labels, 'int32') as Tensor, c), 'float32');
          if (!known.includes(1)) return psKdLoss(logits, labels, onehot, alpha);
          // an example without a prediction yet (the first epoch) keeps its label as the target
          const m = tf.tensor2d(known, [n, 1]);
          const target = tf.add(tf.mul(m, tf.tensor2d(prev, [n, c])), tf.mul(tf.sub(1, m), onehot));
          return psKdLoss(logits, labels, target, alpha);
        });
      };
    },
    async afterStep(batch, output) {
      const rows = rowsOf(batch);
      const p = softmax(output);
      const data = await p.data();
      p.dispose();
      if (classes === 0) classes = output.shape[1]!;
      const k = classes;
      grow(rows);
      rows.forEach((r, i) => {
        if (!seen[r]) remembered++;
        seen[r] = 1;
        probs.set(data.subarray(i * k, (i + 1) * k), r * k);
      });
    },
  };
}
