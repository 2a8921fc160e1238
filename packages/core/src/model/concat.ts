import { tf } from '../tf.js';
import { GradbookError, formatShape } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import type { LayerConfig } from './config.js';
import { inBlock } from './placed.js';
import { buildChain, resolvedConfig } from './sequential.js';

/**
 * Parallel branches on the same input, their outputs joined along the last axis (features or
 * channels): Inception-style blocks, a DenseNet-style `[[], [conv]]` (an empty branch passes the
 * input through), or several views of a sequence side by side. All axes but the last must agree.
 * The layers inside keep their own names (unnamed ones become `<block>/<branch>/<type><index>`),
 * reachable by `upTo`, `replace` and `onLayer`.
 *
 * @param branches - one list of layers per branch (an empty list is the identity).
 * @param options - `name` (default `concat` + its index).
 * @returns a layer for {@link sequential}.
 * @example
 * const wide = sequential([8], [concat([[dense({ name: 'relu', units: 4, activation: 'relu' })], [dense({ name: 'tanh', units: 4, activation: 'tanh' })]], { name: 'both' }), dense({ units: 2 })]);
 * wide.layers.map((l) => l.name); // ['relu', 'tanh', 'both', 'dense2']
 * @see Szegedy et al. (2015), Going Deeper with Convolutions (parallel branches joined by concatenation).
 */
export function concat(branches: readonly (readonly Layer[])[], options: { name?: string } = {}): Layer {
  const where = `concat(${options.name ?? ''})`;
  if (!Array.isArray(branches) || branches.length < 2 || !branches.every(Array.isArray)) {
    throw new GradbookError(where, 'expected two or more branches, each a list of layers ([] for the identity)');
  }
  const configs = branches.map((b) => b.map((l) => l.config));
  const config: LayerConfig | undefined = configs.every((b) => b.every((c) => c !== undefined))
    ? ({ type: 'concat', ...(options.name !== undefined ? { name: options.name } : {}), branches: configs } as LayerConfig)
    : undefined;
  return {
    name: options.name,
    type: 'concat',
    ...(config ? { config } : {}),
    build(inputShape, name) {
      const chains = branches.map((layers, k) => buildChain(`concat(${name}).branches[${k}]`, inputShape, layers, (l, i) => `${name}/${k + 1}/${l.type}${i + 1}`));
      const outs = chains.map((c) => (c.length ? c[c.length - 1]!.info.outputShape : inputShape));
      const lead = outs[0]!.slice(0, -1);
      outs.forEach((o, k) => {
        if (o.length !== outs[0]!.length || o.slice(0, -1).some((d, i) => d !== lead[i])) {
          throw new GradbookError(`concat(${name})`, `branch ${k + 1} gives ${formatShape(o)} but branch 1 gives ${formatShape(outs[0]!)}; all axes but the last must agree`);
        }
      });
      const out = [...lead, outs.reduce((s, o) => s + o[o.length - 1]!, 0)];
      const placed = chains.map((c) => c.map((b) => ({ ...b, info: inBlock(b.info, name) })));
      return {
        info: { name, type: 'concat', inputShape: [...inputShape], outputShape: out, params: [] },
        paramShapes: {},
        init: () => ({}),
        branches: placed,
        ...(config ? { config: { ...config, name, branches: branches.map((b, k) => b.map((l, i) => resolvedConfig(l, chains[k]![i]!))) } as LayerConfig } : {}),
        apply(_params, x, context) {
          const parts = [];
          for (let k = 0; k < placed.length; k++) {
            const r = placed[k]!.length ? context.run(placed[k]!, x, k) : { output: x, stopped: false };
            if (r.stopped) return r.output;
            parts.push(r.output);
          }
          return tf.concat(parts, -1);
        },
      };
    },
  };
}
