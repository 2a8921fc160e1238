import { tf } from '@gradbook/core';

/** `tf.tidy` for any result holding tensors (objects, trees, arrays), typed as what `fn` returns. */
export function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as () => never) as T;
}

/** Reads a tensor made by `fn` (inside a tidy) into a typed array, then frees it. */
export function read(fn: () => import('@gradbook/core').Tensor): Float32Array | Int32Array | Uint8Array {
  const t = tf.tidy(fn);
  const data = t.dataSync() as Float32Array | Int32Array | Uint8Array;
  t.dispose();
  return data;
}
