import * as aq from 'arquero';
import * as attribution from '@gradbook/attribution';
import * as core from '@gradbook/core';
import * as data from '@gradbook/data';
import * as optim from '@gradbook/optim';
import * as plot from '@gradbook/plot';
import type { Importer } from './cell.js';

/** The packages the kernel itself carries, importable anywhere (a browser too) without fetching (internal). */
const BUNDLED: Record<string, () => Promise<unknown>> = {
  d3: () => import('d3'),
  '@observablehq/plot': () => import('@observablehq/plot'),
  '@observablehq/inputs': () => import('@observablehq/inputs'),
  htl: () => import('htl'),
  'vega-lite-api': () => import('vega-lite-api'),
  katex: () => import('katex'),
  arquero: async () => aq,
  '@gradbook/core': async () => core,
  '@gradbook/optim': async () => optim,
  '@gradbook/data': async () => data,
  '@gradbook/attribution': async () => attribution,
  '@gradbook/plot': async () => plot,
  // Observable notebooks whose exports the kernel already carries.
  '@uwdata/arquero': async () => ({ aq, op: aq.op }),
};

/** A package name without `npm:` and a version: `npm:d3@7` → `d3` (internal). */
export function packageName(from: string): string {
  return from.replace(/^npm:/, '').replace(/^((?:@[^/@]+\/)?[^/@]+)@[^/]*/, '$1');
}

/**
 * The importer of import cells where the host gives none (a browser page, a bare `run`): the
 * packages the kernel carries (`d3`, `@observablehq/plot`, `htl`, `vega-lite-api`, `arquero`,
 * `@gradbook/*`). Anything else is an error saying what is available; a remote URL is never fetched.
 *
 * @param from - the import's module.
 * @returns its module.
 */
export const bundledImporter: Importer = async (from) => {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(from)) throw new Error(`import from ${JSON.stringify(from)}: a remote URL, and Gradbook fetches nothing from the network`);
  const load = BUNDLED[packageName(from)];
  if (!load) {
    const notebook = /^@[\w-]+\/[\w-]+$/.test(from) ? ` (if it is a notebook on observablehq.com: Gradbook fetches nothing; copy its cells into a local notebook and import from "./that.md")` : '';
    throw new Error(`import from ${JSON.stringify(from)}: not available here${notebook}; importable are ${Object.keys(BUNDLED).join(', ')}${from.startsWith('.') ? ', and (with gradbook run) local notebooks and installed packages' : ''}`);
  }
  return load();
};
