import { GradbookError, ShapeError, formatShape } from '@gradbook/core';
import type { Model, Tensor } from '@gradbook/core';

/** The number of classes (outputs) of a model whose output per example is a vector. */
export function outputCount(where: string, model: Model): number {
  const shape = model.outputShape;
  if (shape.length !== 1) {
    throw new GradbookError(where, `expected a model whose output per example is a vector of logits, got output shape ${formatShape(shape)}; flatten the output or pick a vector-valued model`);
  }
  return shape[0]!;
}

/** Checks `target` (one class for all examples, or one per example) and returns one class per example. */
export function targetsFor(where: string, model: Model, target: number | readonly number[], batch: number): number[] {
  const classes = outputCount(where, model);
  const list = typeof target === 'number' ? new Array<number>(batch).fill(target) : Array.from(target);
  if (list.length !== batch) {
    throw new GradbookError(`${where}(target)`, `expected one target per example (${batch}), got ${list.length}; pass a single class index or an array with one per example`);
  }
  for (const t of list) {
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      throw new GradbookError(`${where}(target)`, `target class ${t} is out of range: the model has ${classes} outputs, so a target must be a whole number in [0, ${classes - 1}]`);
    }
  }
  return list;
}

/** Checks that `x` is a batch of the model's input shape. */
export function checkInput(where: string, model: Model, x: Tensor, name = 'x'): void {
  const want = model.inputShape;
  const got = x.shape;
  if (got.length !== want.length + 1 || want.some((d, i) => d !== got[i + 1])) {
    throw new ShapeError(
      `${where}(${name})`,
      `expected a batch shaped ${formatShape([null, ...want])}, received ${formatShape(got)}; add the batch dimension (x.expandDims(0)) or reshape the input`,
      [null, ...want],
      got,
    );
  }
}

/** Checks that `b` has exactly the shape of `x`. */
export function checkSameShape(where: string, name: string, b: Tensor, x: Tensor, fix: string): void {
  if (b.shape.length !== x.shape.length || b.shape.some((d, i) => d !== x.shape[i])) {
    throw new ShapeError(`${where}(${name})`, `${name} shape ${formatShape(b.shape)} does not match input ${formatShape(x.shape)}; ${fix}`, x.shape, b.shape);
  }
}

/** Checks a whole number ≥ `min`. */
export function checkInteger(where: string, name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new GradbookError(`${where}(${name})`, `expected a whole number ≥ ${min}, got ${value}`);
  }
}

/** Checks a fraction in (0, 1]. */
export function checkRatio(where: string, name: string, value: number): void {
  if (!(typeof value === 'number' && value > 0 && value <= 1)) {
    throw new GradbookError(`${where}(${name})`, `expected a fraction in (0, 1], got ${value}; e.g. 0.5 keeps the top half`);
  }
}

/** Checks that a layer of this name exists, listing the layers otherwise; returns its index. */
export function layerIndex(where: string, model: Model, layer: string): number {
  const i = model.layers.findIndex((l) => l.name === layer);
  if (i < 0) {
    const names = model.layers.map((l) => `${l.name} (${l.type} ${formatShape(l.outputShape)})`).join(', ');
    throw new GradbookError(`${where}(layer)`, `no layer named "${layer}"; the model's layers are: ${names}`);
  }
  return i;
}
