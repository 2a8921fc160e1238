import * as aq from 'arquero';
import { tf } from '@gradbook/core';
import { assert } from './assert.js';
import { Generators, Mutable, Promises } from './generators.js';
import { gb, plotBuilders } from './gradbook-namespace.js';
import { Inputs } from './inputs.js';
import { html, md } from './markup.js';

/**
 * The standard library of notebook cells, by name: `gb` (all Gradbook packages), `tf`, `aq` and
 * `op` (arquero), `Plot` (the @gradbook/plot builders), `Inputs`, `md`, `html`, `Generators`,
 * `Promises`, `Mutable` and `assert`. The kernel adds `seed`, `backend`, and per cell `signal`
 * and `invalidation`.
 *
 * @param extra - names to add or replace (e.g. `{ Inputs }` from @observablehq/inputs in an app).
 * @returns a fresh object of builtins.
 * @example
 * const lib = library();
 * typeof lib.gb.train; // 'function' once @gradbook/core has the training loop
 */
export function library(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    gb,
    tf,
    aq,
    op: aq.op,
    Plot: plotBuilders,
    Inputs,
    md,
    html,
    Generators,
    Promises,
    Mutable,
    assert,
    ...extra,
  };
}
