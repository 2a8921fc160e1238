/**
 * The TensorFlow.js namespace Gradbook runs on. Every Gradbook package imports `tf` from here, so a
 * program holds exactly one engine (one tensor registry, one backend) however it was bundled.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
export type { Tensor, Rank, Scalar, Tensor1D, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
