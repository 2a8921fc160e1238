import { GradbookError } from '../errors.js';
import type { Loss } from '../model/types.js';
import type { LossConfig } from './config.js';
import { crossEntropyWith } from './cross-entropy.js';
import { mse } from './mse.js';

/** Makes a built-in loss again from its {@link LossConfig}. @internal */
export function lossFromConfig(config: LossConfig): Loss {
  switch (config?.type) {
    case 'crossEntropy':
      return crossEntropyWith({ labelSmoothing: config.labelSmoothing });
    case 'mse':
      return mse;
    default:
      throw new GradbookError('lossFromConfig', `unknown loss '${String((config as { type?: unknown })?.type)}'`);
  }
}
