/**
 * @gradbook/optim — optimizers as composable gradient transformations: SGD to AdamW, Lion, diffGrad,
 * SAM, schedules, clipping and masks, multi-objective and derivative-free methods.
 */
export type { GradientTransformation } from '@gradbook/core';
export { chain } from './chain.js';
export type { ChainState, StateOf } from './chain.js';
export { applyUpdates } from './apply-updates.js';
export { currentLearningRate } from './current-learning-rate.js';
export type { Hyper } from './internal/hyper.js';
export type { CommonOptions } from './internal/options.js';

// Building blocks
export { addDecayedWeights } from './transforms/add-decayed-weights.js';
export type { AddDecayedWeightsState } from './transforms/add-decayed-weights.js';
export { clipByGlobalNorm } from './transforms/clip-by-global-norm.js';
export type { ClipByGlobalNormState } from './transforms/clip-by-global-norm.js';
export { clipByValue } from './transforms/clip-by-value.js';
export type { ClipByValueState } from './transforms/clip-by-value.js';
export { masked } from './transforms/masked.js';
export { notBias } from './transforms/masked.js';
export type { Mask, MaskedState } from './transforms/masked.js';
export { scale } from './transforms/scale.js';
export type { ScaleState } from './transforms/scale.js';
export { scaleByAdam } from './transforms/scale-by-adam.js';
export type { ScaleByAdamState } from './transforms/scale-by-adam.js';
export { scaleByDiffGrad } from './transforms/scale-by-diff-grad.js';
export type { ScaleByDiffGradState } from './transforms/scale-by-diff-grad.js';
export { scaleByLearningRate } from './transforms/scale-by-learning-rate.js';
export type { ScaleByLearningRateState } from './transforms/scale-by-learning-rate.js';
export { scaleByLion } from './transforms/scale-by-lion.js';
export type { ScaleByLionState } from './transforms/scale-by-lion.js';
export { scaleByRms } from './transforms/scale-by-rms.js';
export type { ScaleByRmsState } from './transforms/scale-by-rms.js';
export { scaleByRss } from './transforms/scale-by-rss.js';
export type { ScaleByRssState } from './transforms/scale-by-rss.js';
export { traceMomentum } from './transforms/trace-momentum.js';
export type { TraceMomentumState } from './transforms/trace-momentum.js';

// Optimizers
export { adagrad } from './aliases/adagrad.js';
export { adam } from './aliases/adam.js';
export type { AdamOptions } from './aliases/adam.js';
export { adamw } from './aliases/adamw.js';
export { diffGrad } from './aliases/diff-grad.js';
export { lion } from './aliases/lion.js';
export { momentum } from './aliases/momentum.js';
export type { MomentumOptions } from './aliases/momentum.js';
export { nesterov } from './aliases/nesterov.js';
export { rmsprop } from './aliases/rmsprop.js';
export { sgd } from './aliases/sgd.js';

// Schedules
export type { Schedule } from './schedules/schedule.js';
export { constantSchedule } from './schedules/constant-schedule.js';
export { exponentialDecaySchedule } from './schedules/exponential-decay-schedule.js';
export { linearSchedule } from './schedules/linear-schedule.js';
export { piecewiseConstantSchedule } from './schedules/piecewise-constant-schedule.js';
export { stepDecaySchedule } from './schedules/step-decay-schedule.js';
export { warmupCosineDecaySchedule } from './schedules/warmup-cosine-decay-schedule.js';

// Sharpness-aware minimisation
export { sam } from './sam/sam.js';
export type { SamOptimizer } from './sam/sam.js';
export { samGradient } from './sam/sam-gradient.js';
export type { SamOptions } from './sam/sam-gradient.js';

// Multi-objective
export { linearScalarization } from './multi-objective/linear-scalarization.js';
export { mgda } from './multi-objective/mgda.js';
export { minNormWeights } from './multi-objective/min-norm-weights.js';
export type { MinNormOptions } from './multi-objective/min-norm-weights.js';

// Adaptive batch size
export { batchStatistics } from './batch-size/batch-statistics.js';
export type { BatchStatistics } from './batch-size/batch-statistics.js';
export { normTest } from './batch-size/tests.js';
export { augmentedInnerProductTest } from './batch-size/tests.js';
export type { BatchSizeDecision } from './batch-size/tests.js';
export { batchSizeController } from './batch-size/batch-size-controller.js';
export type { BatchSizeController, BatchSizeControllerOptions } from './batch-size/batch-size-controller.js';

// Derivative-free
export { cbo } from './derivative-free/cbo.js';
export { cboStep } from './derivative-free/cbo.js';
export { consensusPoint } from './derivative-free/cbo.js';
export type { BatchObjective, CboOptions } from './derivative-free/cbo.js';
export { zerothOrderValueAndGrad } from './derivative-free/zeroth-order-grad.js';
export type { ZerothOrderOptions } from './derivative-free/zeroth-order-grad.js';

// Bilevel optimisation: hypergradients
export { conjugateGradient } from './bilevel/conjugate-gradient.js';
export type { ConjugateGradientOptions, ConjugateGradientResult } from './bilevel/conjugate-gradient.js';
export { implicitHypergradient } from './bilevel/implicit-hypergradient.js';
export type { BilevelProblem, ImplicitHypergradient, ImplicitHypergradientOptions } from './bilevel/implicit-hypergradient.js';
export { unrolledHypergradient } from './bilevel/unrolled-hypergradient.js';
export type { UnrolledHypergradient, UnrolledHypergradientOptions } from './bilevel/unrolled-hypergradient.js';

// Gradient-boosted last layer
export { boostLastLayer } from './boosting/boost-last-layer.js';
export { applyMergedLayer } from './boosting/boost-last-layer.js';
export type { BoostBlock, BoostOptions, BoostResult, MergedLayer } from './boosting/boost-last-layer.js';
