import type { GradientTransformation } from '@gradbook/core';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import { masked, type Mask } from '../transforms/masked.js';
import { checkHyper, type Hyper } from './hyper.js';

/** The weight-decay link of an alias: nothing for a constant 0, else addDecayedWeights, masked if asked. */
export function decayLink(where: string, weightDecay: Hyper, mask?: Mask): GradientTransformation<any>[] {
  checkHyper(where, 'weightDecay', weightDecay, 'nonNegative');
  if (weightDecay === 0) return [];
  const t = addDecayedWeights(weightDecay);
  return [mask ? masked(t, mask) : t];
}
