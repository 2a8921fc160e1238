/**
 * @gradbook/attribution — input attribution (saliency, SmoothGrad, Integrated Gradients, CAM),
 * faithfulness, weight saliency and unlearning, curvature (Hessian spectrum, trace, density) and
 * neural tangent kernels, on any `Model` from `@gradbook/core`.
 */
export { inputGradient } from './input/input-gradient.js';
export type { AttributionInput, InputGradient } from './input/input-gradient.js';
export { integratedGradients } from './input/integrated-gradients.js';
export type { IntegratedGradients, IntegratedGradientsOptions } from './input/integrated-gradients.js';
export { quadratureRule } from './input/quadrature.js';
export type { QuadratureRule } from './input/quadrature.js';
export { smoothGrad } from './input/smoothgrad.js';
export type { SmoothGradOptions } from './input/smoothgrad.js';
export { gradCam } from './cam/grad-cam.js';
export { camFromGradients } from './cam/grad-cam.js';
export type { CamMethod, GradCam, GradCamOptions } from './cam/grad-cam.js';
export { normGrad } from './cam/norm-grad.js';
export { fisherDiagonal } from './weights/fisher-diagonal.js';
export type { LossInput } from './weights/fisher-diagonal.js';
export { weightSaliency } from './weights/weight-saliency.js';
export { saliencyMask } from './weights/weight-saliency.js';
export { selectiveSynapticDampening } from './weights/selective-synaptic-dampening.js';
export { dampen } from './weights/selective-synaptic-dampening.js';
export type { SelectiveSynapticDampeningOptions } from './weights/selective-synaptic-dampening.js';
export { lossHvp } from './curvature/loss-hvp.js';
export { hvpOf } from './curvature/loss-hvp.js';
export type { TreeOperator } from './curvature/operator.js';
export { topEigenvalues } from './curvature/top-eigenvalues.js';
export type { TopEigenvalues, TopEigenvaluesOptions } from './curvature/top-eigenvalues.js';
export { hessianMatrix } from './curvature/hessian-matrix.js';
export { hutchinsonTrace } from './curvature/trace.js';
export { exactTrace } from './curvature/trace.js';
export type { TraceEstimate } from './curvature/trace.js';
export { spectralDensity } from './curvature/spectral-density.js';
export type { SpectralDensity, SpectralDensityOptions } from './curvature/spectral-density.js';
export { hessianAlignment } from './curvature/hessian-alignment.js';
export { empiricalNtk } from './kernels/empirical-ntk.js';
export type { EmpiricalNtkOptions } from './kernels/empirical-ntk.js';
export { labelGradientAlignment } from './kernels/label-gradient-alignment.js';
export { gradSign } from './kernels/grad-sign.js';
export { faithfulnessCurves } from './faithfulness/faithfulness-curves.js';
export { faithfulness } from './faithfulness/faithfulness-curves.js';
export type { FaithfulnessCurves, FaithfulnessOptions } from './faithfulness/faithfulness-curves.js';
export { keepFeatures } from './faithfulness/diff-roar.js';
export { diffRoar } from './faithfulness/diff-roar.js';
export type { DiffRoarResult } from './faithfulness/diff-roar.js';
export { salun } from './unlearning/salun.js';
export type { SalunOptions } from './unlearning/salun.js';
export { fineTune } from './unlearning/baselines.js';
export { gradientAscent } from './unlearning/baselines.js';
export { retrainFromScratch } from './unlearning/baselines.js';
export type { LabelledData, UnlearnOptions } from './unlearning/fit.js';
export { accuracyOn } from './unlearning/unlearning-metrics.js';
export { membershipAttack } from './unlearning/unlearning-metrics.js';
export { unlearningMetrics } from './unlearning/unlearning-metrics.js';
export { averageGap } from './unlearning/unlearning-metrics.js';
export type { UnlearningMetrics } from './unlearning/unlearning-metrics.js';
