/**
 * Differentiable operations that are right to any order of differentiation and fast on wasm.
 * Import as a namespace: `import { ops } from '@gradbook/core'; ops.tanh(x)`.
 */
export { avgPool2d } from './pool.js';
export { conv2d } from './conv2d.js';
export { exp } from './elementwise.js';
export { gelu } from './elementwise.js';
export { im2col } from './conv2d.js';
export { logSoftmax } from './softmax.js';
export { logSumExp } from './softmax.js';
export { matMul } from './mat-mul.js';
export { maxPool2d } from './pool.js';
export { relu } from './elementwise.js';
export { reste } from './reste.js';
export { sigmoid } from './elementwise.js';
export { softmax } from './softmax.js';
export { softplus } from './elementwise.js';
export { ste } from './ste.js';
export { stopGradient } from './stop-gradient.js';
export { tanh } from './elementwise.js';
export type { Conv2dOptions } from './conv2d.js';
export type { Padding } from './windows.js';
export type { Pool2dOptions } from './pool.js';
export type { ResteOptions } from './reste.js';
