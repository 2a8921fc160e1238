export { renderSvg } from './render-svg.js';
export type { RenderSvgOptions } from './render-svg.js';
export { compileSpec } from './compile-spec.js';
export type { CompiledSpec } from './compile-spec.js';
export { heatmapPng } from './heatmap-png.js';
export type { HeatmapPngOptions } from './heatmap-png.js';
