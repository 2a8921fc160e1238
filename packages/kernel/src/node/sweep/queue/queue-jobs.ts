import type { RunJob } from '../run-point.js';

/** The default BullMQ queue of Gradbook's sweeps (`--queue-name` picks another). */
export const DEFAULT_QUEUE = 'gradbook-sweep';

/** How often a run is tried before it is recorded as failed, and the back-off between tries. */
export const ATTEMPTS = 3;
export const BACKOFF = { type: 'exponential', delay: 2000 } as const;

/**
 * A run as a queue job: the notebook travels with it, since a worker on another machine has no copy
 * (files beside the notebook do not travel: such a notebook needs them on every worker).
 */
export interface QueueJobData extends RunJob {
  /** The notebook's text. */
  readonly text: string;
  /** Its file name, so the worker's copy has the same name and extension. */
  readonly fileName: string;
}
