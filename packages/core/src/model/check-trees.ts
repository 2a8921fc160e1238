import { tf } from '../tf.js';
import { formatShape } from '../errors.js';
import type { BuiltLayer } from '../layers/layer.js';
import { ParamsError } from './errors.js';
import type { LayerInfo, ModelState, Params } from './types.js';

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Checks that a parameter (or state) tree fits the layers `used`: every group present, every
 * tensor the right shape, nothing extra. Errors name the path and both shapes. @internal
 */
export function checkTree(
  what: 'params' | 'state',
  tree: Params | ModelState,
  infos: readonly LayerInfo[],
  all: readonly BuiltLayer[],
  used: readonly BuiltLayer[],
): void {
  const where = `model.apply(${what})`;
  const shapesOf = (b: BuiltLayer): Readonly<Record<string, readonly number[]>> => (what === 'params' ? b.paramShapes : (b.stateShapes ?? {}));
  const make = what === 'params' ? 'model.init(seed)' : 'model.initState()';
  if (tree === null || typeof tree !== 'object') {
    throw new ParamsError(where, '<root>', `expected a tree { layerName: { ... } }, got ${tree === null ? 'null' : typeof tree}; make one with ${make}`);
  }
  const owners = all.filter((b) => Object.keys(shapesOf(b)).length > 0).map((b) => b.info.name);
  for (const key of Object.keys(tree)) {
    if (!owners.includes(key)) {
      const kind = what === 'params' ? 'a layer with parameters' : 'a layer with state';
      throw new ParamsError(where, key, `${what} has '${key}', which is not ${kind} of this model (those are ${owners.join(', ') || 'none'})`);
    }
  }
  for (const b of used) {
    const entries = Object.entries(shapesOf(b));
    if (entries.length === 0) continue;
    const name = b.info.name;
    const group = tree[name];
    if (group === undefined || group === null || typeof group !== 'object') {
      const i = infos.findIndex((l) => l.name === name);
      throw new ParamsError(where, name, `${what} lacks '${name}' (layer ${i + 1}, ${b.info.type}); expected { ${entries.map(([k]) => k).join(', ')} }; make a matching tree with ${make}`);
    }
    for (const key of Object.keys(group)) {
      if (!entries.some(([k]) => k === key)) {
        throw new ParamsError(where, `${name}.${key}`, `${what} has '${name}.${key}', which ${b.info.type} layer '${name}' does not use (it has ${entries.map(([k]) => k).join(', ')})`);
      }
    }
    for (const [key, expected] of entries) {
      const t = group[key];
      const path = `${name}.${key}`;
      if (!(t instanceof tf.Tensor)) throw new ParamsError(where, path, `${what} lacks the tensor '${path}' of shape ${formatShape(expected)}`);
      if (t.isDisposed) {
        throw new ParamsError(where, path, `the tensor '${path}' is disposed; a training run frees each event's ${what} when it takes its next step: keep them with tree.clone(event.${what}), or use the last event's`);
      }
      if (!sameShape(t.shape, expected)) {
        throw new ParamsError(where, path, `'${path}' has shape ${formatShape(t.shape)}, expected ${formatShape(expected)}; were these ${what === 'params' ? 'parameters' : 'statistics'} made for another model?`);
      }
    }
  }
}
