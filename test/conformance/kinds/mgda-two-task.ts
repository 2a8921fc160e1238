/**
 * Conformance adapter for `mgda-two-task`: for each item, the min-norm weights `[γ, 1−γ]` of two
 * gradients and the direction `γ·g1 + (1−γ)·g2`, from @gradbook/optim's `mgda`.
 */
import { tf, tree } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { mgda } from '@gradbook/optim';

export default async function compute(c: any): Promise<{ weights: number[]; direction: number[] }[]> {
  // The expected values are per item; the runner compares them, in order, with this list.
  const out: { weights: number[]; direction: number[] }[] = [];
  for (const item of c.items as { g1: number[]; g2: number[] }[]) {
    const g1 = { g: tf.tensor1d(item.g1) };
    const g2 = { g: tf.tensor1d(item.g2) };
    const { weights, direction } = mgda([g1, g2]);
    out.push({ weights, direction: Array.from(await (direction.g as Tensor).data()) });
    tree.dispose(g1, g2, direction);
  }
  return out;
}
