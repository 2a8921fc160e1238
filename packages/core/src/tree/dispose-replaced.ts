import { tf } from '../tf.js';

function collect(node: unknown, out: Set<unknown>, seen = new Set<unknown>()): Set<unknown> {
  if (node === null || typeof node !== 'object' || seen.has(node)) return out;
  seen.add(node);
  if (node instanceof tf.Tensor) out.add(node);
  else if (Array.isArray(node)) node.forEach((n) => collect(n, out, seen));
  else if (Object.getPrototypeOf(node) === Object.prototype) Object.values(node).forEach((n) => collect(n, out, seen));
  return out;
}

/**
 * Disposes the tensors of `previous` that `next` no longer holds. Use it when a step replaces a
 * tree (parameters, optimizer state, a cell's value) by a new one that may share some leaves.
 *
 * @example
 * const { updates, state: next } = opt.update(grads, state, params);
 * tree.disposeReplaced(state, next);
 */
export function disposeReplaced(previous: unknown, next: unknown): void {
  const keep = collect(next, new Set());
  for (const t of collect(previous, new Set())) {
    const tensor = t as import('@tensorflow/tfjs').Tensor;
    if (!keep.has(tensor) && !tensor.isDisposed) tensor.dispose();
  }
}
