import type { Tensor } from '@tensorflow/tfjs';
import { GradbookError } from '../errors.js';
import { gelu, relu, sigmoid, softplus, tanh } from '../ops/elementwise.js';

/** The activations a layer can apply after its affine part. */
export type ActivationName = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'gelu' | 'softplus';

const FUNCTIONS: Record<ActivationName, (x: Tensor) => Tensor> = {
  linear: (x) => x,
  relu,
  tanh,
  sigmoid,
  gelu,
  softplus,
};

/** The names {@link activationFn} accepts. */
export const ACTIVATIONS = Object.keys(FUNCTIONS) as ActivationName[];

/** The function for an activation name; an unknown name is an error listing the known ones. @internal */
export function activationFn(where: string, name: string | undefined): (x: Tensor) => Tensor {
  const fn = FUNCTIONS[(name ?? 'linear') as ActivationName];
  if (!fn) throw new GradbookError(where, `unknown activation '${name}'; use one of ${ACTIVATIONS.join(', ')}`);
  return fn;
}

/** Whether He (ReLU-like) rather than Glorot initialisation suits the activation. @internal */
export function prefersHe(name: string | undefined): boolean {
  return name === 'relu' || name === 'gelu';
}
