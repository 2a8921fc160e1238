import type { Hyper } from './hyper.js';
import type { Mask } from '../transforms/masked.js';

/** Options every optimizer alias takes. */
export interface CommonOptions {
  /** The step size: a number ≥ 0 or a schedule of the step count. */
  learningRate?: Hyper;
  /** Weight decay (L2 or decoupled, as the optimizer's page says): a number ≥ 0 or a schedule. */
  weightDecay?: Hyper;
  /** Which parameters are decayed (e.g. {@link notBias}); all by default. */
  decayMask?: Mask;
}
