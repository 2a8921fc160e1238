/**
 * Conformance adapter for `grad-cam`: `gradCam` from @gradbook/attribution, methods `grad-cam` and
 * `grad-cam++`, at the layer's resolution (the `map`, not the upsampled one).
 */
import { fromSpec, tf, tree } from '@gradbook/core';
import { gradCam } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.input);
  try {
    const out: Record<string, unknown> = {};
    for (const [key, method] of [['gradCam', 'grad-cam'], ['gradCamPlusPlus', 'grad-cam++']] as const) {
      const r = gradCam({ model, params, x, target: c.target, layer: c.layer, method });
      out[key] = r.map.arraySync();
      tree.dispose(r);
    }
    return out;
  } finally {
    tree.dispose(params, x);
  }
}
