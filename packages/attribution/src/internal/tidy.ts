import { tf } from '@gradbook/core';

/** `tf.tidy` for any result holding tensors (objects, trees, arrays), typed as what `fn` returns. */
export function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as () => never) as T;
}
