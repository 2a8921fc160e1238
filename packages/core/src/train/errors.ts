import { GradbookError } from '../errors.js';

/** The loss became NaN or infinite: the run stopped at `step` (learning rate too high, bad data). */
export class TrainingDivergedError extends GradbookError {
  readonly step: number;
  readonly loss: number;

  constructor(step: number, loss: number) {
    super('train', `the loss is ${loss} at step ${step}; the run diverged. Lower the learning rate, clip gradients, or check the data for NaN`);
    this.name = 'TrainingDivergedError';
    this.step = step;
    this.loss = loss;
  }
}

/** The run's `signal` fired: thrown at the first step boundary after the abort. */
export class TrainingAbortedError extends GradbookError {
  readonly step: number;

  constructor(step: number, reason: unknown) {
    super('train', `aborted after step ${step}${reason instanceof Error ? ` (${reason.message})` : typeof reason === 'string' ? ` (${reason})` : ''}`, { cause: reason });
    this.name = 'AbortError';
    this.step = step;
  }
}
