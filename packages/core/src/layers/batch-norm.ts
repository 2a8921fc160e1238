import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import { stopGradient } from '../ops/stop-gradient.js';
import { activationFn, type ActivationName } from './activation-fn.js';
import type { Layer } from './layer.js';
import { normalize, scaleShift } from './normalize.js';

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** The layer's name; its parameters and running statistics live under it. Default `batchnorm` + its index. */
  name?: string;
  /** Added to the variance before the square root. Default `1e-5` (PyTorch's). */
  epsilon?: number;
  /**
   * How far the running statistics move towards each training batch's:
   * `running = (1 − momentum)·running + momentum·batch` (PyTorch's convention). Default `0.1`.
   */
  momentum?: number;
  /** Applied after the scale and shift. Default `linear`. */
  activation?: ActivationName;
}

/**
 * Batch normalisation over the last axis (the channels): `act(gamma · (x − μ) / √(σ² + ε) + beta)`.
 *
 * In training mode (and whenever no running statistics are given) μ and the biased σ² are each
 * channel's over the batch and every other axis (after a `conv2d`, over N, H and W). In evaluation
 * mode with a state tree (`model.apply(params, x, { state })`) they are the running statistics kept
 * there, `{ [name]: { mean: [c], variance: [c] } }`, which start at 0 and 1 (`model.initState()`)
 * and which `train` (through `model.applyWithState`) moves by `momentum` towards each batch's mean
 * and unbiased variance, as the paper's inference rule asks. The statistics never enter the
 * parameter tree, so optimizers and gradients do not see them. Parameters `{ gamma: [c], beta: [c] }`
 * start at one and zero. Right to second order through the batch statistics.
 *
 * @param options - `name`, `epsilon` (default `1e-5`), `momentum` (default `0.1`), `activation` (default `linear`).
 * @returns a layer for {@link sequential}.
 * @example
 * const cnn = sequential([8, 8, 1], [conv2d({ filters: 4, kernelSize: 3 }), batchNorm({ name: 'bn', activation: 'relu' }), flatten(), dense({ units: 2 })]);
 * const { output, state } = cnn.applyWithState(params, x, { training: true, state: cnn.initState() });
 * @see Ioffe & Szegedy (2015), Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift.
 */
export function batchNorm(options: BatchNormOptions = {}): Layer {
  const { epsilon = 1e-5, momentum = 0.1, activation = 'linear' } = options;
  const where = `batchNorm(${options.name ?? ''})`;
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new GradbookError(where, `epsilon must be a positive number, got ${epsilon}`);
  if (!(momentum >= 0 && momentum <= 1)) throw new GradbookError(where, `momentum must be in [0, 1], got ${momentum}`);
  const act = activationFn(where, activation);
  return {
    name: options.name,
    type: 'batchnorm',
    config: { type: 'batchnorm', ...(options.name !== undefined ? { name: options.name } : {}), epsilon, momentum, activation },
    build(inputShape, name) {
      const c = inputShape[inputShape.length - 1]!;
      return {
        info: { name, type: 'batchnorm', inputShape: [...inputShape], outputShape: [...inputShape], params: ['gamma', 'beta'] },
        paramShapes: { gamma: [c], beta: [c] },
        stateShapes: { mean: [c], variance: [c] },
        init: () => ({ gamma: tf.ones([c]), beta: tf.zeros([c]) }),
        initState: () => ({ mean: tf.zeros([c]), variance: tf.ones([c]) }),
        apply(params, x, context) {
          const { gamma, beta } = params!;
          if (!context.training && context.state) {
            const { mean, variance } = context.state;
            return act(scaleShift(tf.mul(tf.sub(x, mean!), tf.rsqrt(tf.add(variance!, epsilon))), gamma!, beta!));
          }
          const axes = x.shape.map((_, i) => i).slice(0, -1);
          const { normalized, mean, variance } = normalize(x, axes, epsilon);
          if (context.setState) {
            const count = x.size / c;
            if (count < 2) throw new GradbookError(`batchNorm(${name})`, `training needs more than one value per channel to estimate a variance, got a batch of shape [${x.shape.join(', ')}]`);
            const old = context.state ?? {};
            const batchMean = stopGradient(tf.reshape(mean, [c]));
            const batchVar = tf.mul(stopGradient(tf.reshape(variance, [c])), count / (count - 1));
            const blend = (prev: Tensor | undefined, now: Tensor, start: number): Tensor =>
              tf.add(tf.mul(prev ?? tf.fill([c], start), 1 - momentum), tf.mul(now, momentum));
            context.setState({ mean: blend(old.mean, batchMean, 0), variance: blend(old.variance, batchVar, 1) });
          }
          return act(scaleShift(normalized, gamma!, beta!));
        },
      };
    },
  };
}
