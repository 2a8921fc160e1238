import { defineConfig } from 'vite';
import { gradbookAssets } from './scripts/assets.mjs';

// The app is served from any path (`base: './'`). The notebooks, the WebAssembly binaries of
// TensorFlow.js and the MNIST files are added by ./scripts/assets.mjs: see the README.
export default defineConfig({
  base: './',
  plugins: [gradbookAssets()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
