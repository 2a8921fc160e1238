import { GradbookError } from '@gradbook/core';
import type { Hyper } from './hyper.js';
import type { CommonOptions } from './options.js';

/**
 * Reads an alias's arguments: either `(learningRate, options?)` as in optax (`adam(1e-3)`), or one
 * options object (`adam({ learningRate: 1e-3, b2: 0.99 })`).
 */
export function aliasOptions<O extends CommonOptions>(where: string, first: Hyper | O | undefined, rest: O | undefined): O {
  if (first === undefined) return rest ?? ({} as O);
  if (typeof first === 'number' || typeof first === 'function') {
    if (rest && rest.learningRate !== undefined) {
      throw new GradbookError(where, 'the learning rate is given twice (as the first argument and in the options); give it once');
    }
    return { ...(rest ?? ({} as O)), learningRate: first };
  }
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    if (rest !== undefined) throw new GradbookError(where, 'pass either (learningRate, options) or a single options object, not two objects');
    return first;
  }
  throw new GradbookError(where, `expected a learning rate (a number or a schedule) or an options object, received ${Array.isArray(first) ? 'an array' : String(first)}`);
}
