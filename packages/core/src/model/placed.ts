import type { BuiltLayer } from '../layers/layer.js';
import type { LayerInfo } from './types.js';

/**
 * Every layer of a model in the order their outputs appear, blocks after the layers inside them
 * (a block's output is computed last), as `model.layers` lists them. @internal
 */
export function flatLayers(top: readonly BuiltLayer[]): BuiltLayer[] {
  const out: BuiltLayer[] = [];
  const visit = (b: BuiltLayer): void => {
    for (const branch of b.branches ?? []) branch.forEach(visit);
    out.push(b);
  };
  top.forEach(visit);
  return out;
}

/** The names of the layers inside a block, at any depth. @internal */
export function namesInside(b: BuiltLayer): Set<string> {
  const names = new Set<string>();
  for (const branch of b.branches ?? []) {
    for (const c of branch) {
      names.add(c.info.name);
      for (const n of namesInside(c)) names.add(n);
    }
  }
  return names;
}

/** `info` marked as sitting in `block` (for the layers a block places). @internal */
export function inBlock(info: LayerInfo, block: string): LayerInfo {
  return info.block === undefined ? { ...info, block } : info;
}
