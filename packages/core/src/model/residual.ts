import { tf } from '../tf.js';
import { GradbookError, formatShape } from '../errors.js';
import { activationFn, type ActivationName } from '../layers/activation-fn.js';
import type { Layer } from '../layers/layer.js';
import type { LayerConfig } from './config.js';
import { inBlock } from './placed.js';
import { buildChain, resolvedConfig } from './sequential.js';

/** Options of {@link residual}. */
export interface ResidualOptions {
  /** The block's name: its output (after the sum and activation) is a layer of the model. Default `residual` + its index. */
  name?: string;
  /**
   * Layers on the skip path, e.g. a 1×1 `conv2d` when the block changes the number of channels or
   * strides (He et al.'s projection shortcut). Default none: the identity.
   */
  shortcut?: readonly Layer[];
  /** Applied after the sum, as the paper's ReLU after the addition. Default `linear`. */
  activation?: ActivationName;
}

/**
 * A residual block `act(F(x) + S(x))`: `F` runs the given layers, `S` the `shortcut` layers (the
 * identity by default). The layers inside keep their own names (unnamed ones become
 * `<block>/<type><index>`), so their parameters sit in the parameter tree beside the model's other
 * layers, and `upTo`, `replace`, `onLayer` (Grad-CAM, NormGrad, activations) reach them; `from` can
 * start after the block, not inside it (the skip path needs the block's input).
 *
 * @param layers - the residual branch F; its output must have the shortcut's output shape.
 * @param options - `name`, `shortcut` (default identity), `activation` (default `linear`).
 * @returns a layer for {@link sequential}.
 * @example
 * const resnet = sequential([8, 8, 3], [
 *   conv2d({ name: 'stem', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
 *   residual([
 *     conv2d({ name: 'conv1', filters: 8, kernelSize: 3, padding: 'same' }), batchNorm({ name: 'bn1', activation: 'relu' }),
 *     conv2d({ name: 'conv2', filters: 8, kernelSize: 3, padding: 'same' }), batchNorm({ name: 'bn2' }),
 *   ], { name: 'block1', activation: 'relu' }),
 *   meanPool(), dense({ name: 'out', units: 10 }),
 * ]);
 * @see He, Zhang, Ren & Sun (2016), Deep Residual Learning for Image Recognition.
 */
export function residual(layers: readonly Layer[], options: ResidualOptions = {}): Layer {
  const { activation = 'linear', shortcut = [] } = options;
  const where = `residual(${options.name ?? ''})`;
  if (!Array.isArray(layers) || layers.length === 0) throw new GradbookError(where, 'expected at least one layer on the residual branch');
  const act = activationFn(where, activation);
  const configs = [...layers, ...shortcut].map((l) => l.config);
  const config: LayerConfig | undefined = configs.every((c) => c !== undefined)
    ? ({ type: 'residual', ...(options.name !== undefined ? { name: options.name } : {}), layers: configs.slice(0, layers.length), shortcut: configs.slice(layers.length), activation } as LayerConfig)
    : undefined;
  return {
    name: options.name,
    type: 'residual',
    ...(config ? { config } : {}),
    build(inputShape, name) {
      const main = buildChain(`residual(${name})`, inputShape, layers, (l, i) => `${name}/${l.type}${i + 1}`);
      const skip = buildChain(`residual(${name}).shortcut`, inputShape, shortcut, (l, i) => `${name}/shortcut/${l.type}${i + 1}`);
      const out = main[main.length - 1]!.info.outputShape;
      const skipOut = skip.length ? skip[skip.length - 1]!.info.outputShape : inputShape;
      if (out.length !== skipOut.length || out.some((d, i) => d !== skipOut[i])) {
        throw new GradbookError(
          `residual(${name})`,
          `the residual branch gives ${formatShape(out)} but the shortcut ${formatShape(skipOut)}; they are added, so give a shortcut that matches (e.g. a 1×1 conv2d with ${out[out.length - 1]} filters)`,
        );
      }
      const place = (chain: typeof main) => chain.map((b) => ({ ...b, info: inBlock(b.info, name) }));
      const [mainPlaced, skipPlaced] = [place(main), place(skip)];
      const resolved = (list: readonly Layer[], chain: typeof main) => list.map((l, i) => resolvedConfig(l, chain[i]!));
      return {
        info: { name, type: 'residual', inputShape: [...inputShape], outputShape: [...out], params: [] },
        paramShapes: {},
        init: () => ({}),
        branches: [mainPlaced, skipPlaced],
        ...(config ? { config: { ...config, name, layers: resolved(layers, main), shortcut: resolved(shortcut, skip) } as LayerConfig } : {}),
        apply(_params, x, context) {
          const f = context.run(mainPlaced, x, 0);
          if (f.stopped) return f.output;
          const s = skipPlaced.length ? context.run(skipPlaced, x, 1) : { output: x, stopped: false };
          if (s.stopped) return s.output;
          return act(tf.add(f.output, s.output));
        },
      };
    },
  };
}
