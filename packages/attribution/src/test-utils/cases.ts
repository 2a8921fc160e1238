/**
 * Test-only: computes the attribution conformance kinds from a case, either on core's `fromSpec`
 * and `crossEntropy` (what users get; mirrors the adapters in `test/conformance/kinds/`) or on
 * `specModel`, an independent minimal implementation of the spec with a second-order-correct
 * cross-entropy (so attribution's own code is checked apart from core's model code).
 */
import { crossEntropy, fromSpec, tf, tree } from '@gradbook/core';
import type { Loss, Model, Params, Tensor } from '@gradbook/core';
import {
  empiricalNtk,
  exactTrace,
  fisherDiagonal,
  gradCam,
  gradSign,
  hessianMatrix,
  hutchinsonTrace,
  inputGradient,
  integratedGradients,
  labelGradientAlignment,
  lossHvp,
  saliencyMask,
  selectiveSynapticDampening,
  smoothGrad,
  weightSaliency,
} from '../index.js';
import { symmetricEigen } from '../internal/symmetric-eigen.js';
import { crossEntropy2, specModel } from './spec-model.js';

const json = (t: unknown): any => (t instanceof tf.Tensor ? t.arraySync() : Object.fromEntries(Object.entries(t as object).map(([k, v]) => [k, json(v)])));

/** `{ layer: { kernel: [[…]] } }` → the same tree of tensors. */
const tensors = (t: unknown): any => (Array.isArray(t) ? tf.tensor(t) : Object.fromEntries(Object.entries(t as object).map(([k, v]) => [k, tensors(v)])));

export type Builder = 'core' | 'independent';

export function computeCase(c: any, builder: Builder = 'core'): any {
  const { model, params }: { model: Model; params: Params } = builder === 'core' ? fromSpec(c.model) : specModel(c.model);
  const x: Tensor | undefined = c.input ? tf.tensor(c.input) : c.inputs ? tf.tensor(c.inputs) : undefined;
  const y = c.labels ? tf.tensor1d(c.labels, 'int32') : undefined;
  const loss: Loss = builder === 'core' ? crossEntropy : crossEntropy2;
  const pick = (idx: number[]) => ({ x: tf.gather(x!, idx), y: tf.gather(y!, idx) });
  try {
    switch (c.kind) {
      case 'input-gradient':
        return json(inputGradient({ model, params, x: x!, target: c.target }));
      case 'integrated-gradients': {
        const r = integratedGradients({ model, params, x: x!, baseline: tf.tensor(c.baseline), target: c.target, steps: c.steps, rule: c.rule });
        return json(r);
      }
      case 'smoothgrad':
        return json(smoothGrad({ model, params, x: x!, target: c.target, noise: tf.tensor(c.noise) }));
      case 'grad-cam':
        return {
          gradCam: json(gradCam({ model, params, x: x!, target: c.target, layer: c.layer, method: 'grad-cam' }).map),
          gradCamPlusPlus: json(gradCam({ model, params, x: x!, target: c.target, layer: c.layer, method: 'grad-cam++' }).map),
        };
      case 'hessian-spectrum': {
        const hvp = lossHvp({ model, params, loss, x: x!, y: y! });
        const { values } = symmetricEigen(hessianMatrix(hvp, params));
        return { topEigenvalue: values[0], trace: values.reduce((a, b) => a + b, 0) };
      }
      case 'hutchinson-trace': {
        const hvp = lossHvp({ model, params, loss, x: x!, y: y! });
        const estimate = hutchinsonTrace(hvp, params, { probes: c.probes.map(tensors) }).trace;
        return { estimate, trace: exactTrace(hvp, params) };
      }
      case 'label-gradient-alignment': {
        const ntk = empiricalNtk({ model, params, x: x!, output: 'sum' });
        return { lga: labelGradientAlignment(ntk, c.labels), ntk: json(ntk) };
      }
      case 'gradsign':
        return { gradSign: gradSign({ model, params, loss, x: x!, y: y! }) };
      case 'empirical-ntk':
        return json(empiricalNtk({ model, params, x: x!, output: c.output }));
      case 'fisher-diagonal':
        return json(fisherDiagonal({ model, params, loss, x: x!, y: y! }));
      case 'weight-saliency': {
        const f = pick(c.forget);
        const saliency = weightSaliency({ model, params, loss, ...f });
        return { saliency: json(saliency), mask: json(saliencyMask(saliency, c.ratio)) };
      }
      case 'selective-synaptic-dampening':
        return json(selectiveSynapticDampening({ model, params, loss, x: x!, y: y!, forget: pick(c.forget), alpha: c.alpha, lambda: c.lambda }));
      default:
        throw new Error(`no attribution kind ${c.kind}`);
    }
  } finally {
    tree.dispose(params);
  }
}
