import { tf } from './tf.js';

interface SharingBackend {
  incRef(dataId: object): void;
}

interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}

let installed = false;

/**
 * Makes the wasm backend's `Identity` (what `tf.clone` and the gradient tape's saved copies run) and
 * its same-dtype `Cast` share the input's memory, as the cpu backend's do and as wasm's own
 * `Reshape` does, instead of copying it. Tensors never change in place, so a shared buffer is safe;
 * it is freed when the last tensor on it is disposed. Every differentiated op saves copies of its
 * inputs, so this saves a copy per op and per order: for the CNN's Hessian-vector product on wasm,
 * ~40 copies of `[64, 28, 28, 32]`-sized tensors. Called once the wasm backend's kernels are
 * registered. @internal
 */
export function shareWasmCopies(): void {
  if (installed || !tf.getKernel('Identity', 'wasm')) return;
  installed = true;
  const share = (x: TensorInfo, backend: SharingBackend): TensorInfo => {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  const identity = tf.getKernel('Identity', 'wasm')!;
  const cast = tf.getKernel('Cast', 'wasm');
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    ...identity,
    kernelFunc: (args) => {
      const x = (args.inputs as unknown as { x: TensorInfo }).x;
      return x.dtype === 'string' ? identity.kernelFunc(args) : (share(x, args.backend as unknown as SharingBackend) as never);
    },
  });
  if (cast) {
    tf.unregisterKernel('Cast', 'wasm');
    tf.registerKernel({
      ...cast,
      kernelFunc: (args) => {
        const x = (args.inputs as unknown as { x: TensorInfo }).x;
        const dtype = (args.attrs as unknown as { dtype: string }).dtype;
        return dtype === x.dtype && dtype !== 'string' ? (share(x, args.backend as unknown as SharingBackend) as never) : cast.kernelFunc(args);
      },
    });
  }
}
