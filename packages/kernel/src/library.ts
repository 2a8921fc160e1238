import * as aq from 'arquero';
import { tf } from '@gradbook/core';
import { assert } from './assert.js';
import { IMPORT_BUILTIN } from './cell.js';
import { bundledImporter } from './importer.js';
import { Mutable, now, width } from './generators.js';
import { gb, plotBuilders } from './gradbook-namespace.js';
import { hasDom, inBrowser } from './dom-env.js';
import { Inputs } from './inputs.js';
import { html, md, svg } from './markup.js';
import { DOM, Files, Generators, Promises } from './stdlib.js';
import { loadTex } from './tex.js';
import { transpose } from './transpose.js';

/**
 * A builtin loaded when a cell first reads it, as Observable's library resolves its names: a
 * thenable the runtime resolves, so a notebook pays only for what it uses (internal).
 */
function lazy<T>(load: () => Promise<T>): PromiseLike<T> {
  let loading: Promise<T> | null = null;
  return { then: (ok, fail) => (loading ??= load()).then(ok, fail) };
}


/**
 * Inputs in a headless run with a DOM: Observable's (`table`, `search`, `form`, `textarea`, `date`,
 * `color`, …) as DOM forms, with the basic ones (`range`, `select`, …) headless so a run's
 * overrides set them (internal).
 */
async function headlessInputs(): Promise<Record<string, unknown>> {
  const observable = (await import('@observablehq/inputs')) as Record<string, unknown>;
  return { ...observable, ...Inputs };
}

/**
 * Observable Plot, where a Gradbook builder's name (`Plot.lossCurve`, which moved to `gbPlot`)
 * gives a function whose error says where it went, not `Plot.lossCurve is not a function` (internal).
 */
async function loadPlot(): Promise<unknown> {
  const Plot = (await import('@observablehq/plot')) as Record<string, unknown>;
  const moved = (name: string) => () => {
    throw new Error(`Plot.${name} is not Observable Plot's: Gradbook's vega-lite builders are gbPlot.${name} (or gb.${name}); Plot is Observable Plot`);
  };
  return new Proxy(Plot, { get: (target, name) => (typeof name === 'string' && !(name in target) && name in plotBuilders ? moved(name) : target[name as string]) });
}

/** vega-lite-api with vega and vega-lite registered, so `vl.….render()` works too (internal). */
async function loadVl(): Promise<unknown> {
  const [vl, vega, vegaLite] = await Promise.all([import('vega-lite-api'), import('vega'), import('vega-lite')]);
  const api = ((vl as unknown as { default?: typeof vl }).default ?? vl) as typeof vl;
  api.register(vega, vegaLite);
  return api;
}

/** `require` and `FileAttachment` where no host gave them (a browser page, a bare `run`) (internal). */
function unavailable(name: string, what: string): (spec: string) => never {
  return (spec: string) => {
    throw new Error(`${name}(${JSON.stringify(spec)}): ${what}`);
  };
}

/**
 * The standard library of notebook cells, by name: Observable's — `Plot` (@observablehq/plot),
 * `d3`, `vl` (vega-lite-api), `Inputs`, `md`, `html`, `svg`, `tex` (KaTeX), `htl`, `Generators`,
 * `Promises`, `DOM`, `Files`, `Mutable`, `now`, `width`, `FileAttachment`, `require` — and
 * Gradbook's: `gb` (all Gradbook packages), `gbPlot` (the @gradbook/plot vega-lite builders, also
 * in `gb`), `tf`, `aq` and `op` (arquero), `assert`; and Quarto's `transpose`. Heavy libraries (Plot, d3, vl, tex, htl) load
 * when a cell first uses them; nothing is fetched from a CDN. `FileAttachment` and `require` come
 * from the host: `gradbook run` reads files beside the notebook and resolves installed packages.
 * The kernel adds `seed`, `backend`, and per cell `signal` and `invalidation`.
 *
 * @param extra - names to add or replace (e.g. `{ Inputs }` from @observablehq/inputs in an app).
 * @returns a fresh object of builtins.
 * @example
 * const lib = library();
 * typeof lib.gbPlot.lossCurve; // 'function'
 */
export function library(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    gb,
    gbPlot: plotBuilders,
    tf,
    aq,
    op: aq.op,
    Plot: lazy(loadPlot),
    d3: lazy(() => import('d3')),
    vl: lazy(loadVl),
    htl: lazy(() => import('htl')),
    tex: lazy(loadTex),
    Inputs: inBrowser() ? lazy(() => import('@observablehq/inputs')) : hasDom() ? lazy(headlessInputs) : Inputs,
    md,
    html,
    svg,
    Generators,
    Promises,
    DOM,
    Files,
    Mutable,
    now: now(),
    width: width(),
    FileAttachment: unavailable('FileAttachment', 'no files are attached here; run the notebook with gradbook run, which reads files beside it'),
    require: unavailable('require', 'no packages are resolved here; run the notebook with gradbook run, which resolves installed packages (nothing is fetched from a CDN)'),
    transpose,
    assert,
    [IMPORT_BUILTIN]: bundledImporter,
    ...extra,
  };
}
