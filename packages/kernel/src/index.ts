/**
 * @gradbook/kernel — Gradbook's notebook kernel: Markdown notebooks of Observable JavaScript cells,
 * compiled and run reactively on @observablehq/runtime, in Node and the browser.
 */
export { compile } from './compile.js';
export { formatOf } from './compile.js';
export type { NotebookDefinition, ProseBlock, CellBlock, CompileOptions } from './compile.js';
export type { NotebookFormat, NotebookDialect } from './dialect.js';
export { compileCell } from './cell.js';
export type { CellDefinition, CellKind, CellOptions, CellPanel, SourceRange } from './cell.js';
export { run } from './run.js';
export { NotebookRun } from './run.js';
export type { RunOptions, CellObserver, CellState, RunResult } from './run.js';
export { CellError } from './cell-error.js';
export { library } from './library.js';
export { gb } from './gradbook-namespace.js';
export { Inputs } from './inputs.js';
export { HeadlessInput } from './inputs.js';
export type { InputKind } from './inputs.js';
export { Generators } from './generators.js';
export { Promises } from './generators.js';
export { Mutable } from './generators.js';
export { md } from './markup.js';
export { html } from './markup.js';
export { Markup } from './markup.js';
export { escapeHtml } from './markup.js';
export { assert } from './assert.js';
export { AssertionFailed } from './assert.js';
export { tensorsIn } from './ownership.js';
export { TensorOwnership } from './ownership.js';
export type { Lease } from './ownership.js';
export type { CellCache } from './cache/cell-cache.js';
export { MemoryCache } from './cache/cell-cache.js';
export { serialise } from './cache/serialize.js';
export { deserialise } from './cache/serialize.js';
export { hashString } from './cache/hash.js';
export { summarise } from './summarise.js';
export { classifyValue } from './classify-value.js';
export { isVegaLiteSpec } from './classify-value.js';
export type { ValueClass, ValueKind, TableLike, TrainEventLike } from './classify-value.js';
export { IndexedDbCache } from './cache/indexeddb-cache.js';
