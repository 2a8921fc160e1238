import { tf } from '@gradbook/core';

/** `tf.tidy` for any value holding tensors (trees, records with numbers): typed as what `fn` returns. */
export function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as never) as T;
}
