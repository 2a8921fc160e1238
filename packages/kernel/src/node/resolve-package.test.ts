import { describe, expect, it } from 'vitest';
import { importPackage, parseSpecifier } from './resolve-package.js';

describe('importPackage', () => {
  it('reads names, versions and subpaths as Observable writes them', () => {
    expect(parseSpecifier('d3@7')).toEqual({ name: 'd3', subpath: '.' });
    expect(parseSpecifier('npm:@observablehq/plot@0.6/dist/plot.umd.js')).toEqual({ name: '@observablehq/plot', subpath: './dist/plot.umd.js' });
  });

  it('imports an installed package, else names it and the folder searched; never a URL', async () => {
    const d3 = (await importPackage('d3@7', process.cwd())) as { max(xs: number[]): number };
    expect(d3.max([1, 3, 2])).toBe(3);
    await expect(importPackage('no-such-package-here', '/tmp')).rejects.toThrow('package no-such-package-here is not installed in /tmp/node_modules nor in Gradbook\'s packages; install it beside the notebook (npm install no-such-package-here)');
    await expect(importPackage('https://cdn.example.com/x.js', '/tmp')).rejects.toThrow(/^a remote URL, and Gradbook fetches nothing from the network/);
  });
});
