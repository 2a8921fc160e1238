import { defineConfig } from 'vite';
import { gradbookAssets } from './scripts/assets.mjs';

// The app is served from any path (`base: './'`): by `gradbook preview`, from a site written by
// `gradbook build`, or in development by Vite. ./scripts/assets.mjs adds TensorFlow.js's WebAssembly
// binaries (and, in dev, the preview's routes): see the README.
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
  server: {
    host: '127.0.0.1',
    // The preview's cross-origin isolation, so development sees what users get.
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
});
