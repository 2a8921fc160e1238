import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as core from '@gradbook/core';
import * as optim from './index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;

describe('README examples', () => {
  beforeAll(async () => {
    await core.setBackend('cpu');
  });
  it('has an example per family', () => expect(blocks.length).toBeGreaterThanOrEqual(10));
  blocks.forEach((code, i) => {
    const title = code.split('\n').find((l) => l.startsWith('import') && l.includes('@gradbook/optim')) ?? `block ${i}`;
    it(`runs, prints what its comments say, and frees its tensors: ${title.slice(0, 90)}`, async () => {
      const body = code.replace(/^import[\s\S]*?from '[^']+';\n/gm, '');
      const scope = { ...core, ...optim };
      const printed: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
      const before = core.tf.memory().numTensors;
      try {
        await new AsyncFunction(...Object.keys(scope), body)(...Object.values(scope));
      } finally {
        log.mockRestore();
      }
      // tensors created inline in loss closures are freed by the engine's tidy; the rest by the example
      expect(core.tf.memory().numTensors - before, 'tensors left behind').toBe(0);
      // every `console.log(...); // expected` line: the printed text must start the comment
      const expected = body
        .split('\n')
        .filter((l) => /^console\.log\(.*\); \/\/ /.test(l))
        .map((l) => l.slice(l.lastIndexOf('); // ') + 6));
      const checked = body.split('\n').filter((l) => /^\s*console\.log\(/.test(l)).length === expected.length;
      if (checked) expected.forEach((e, j) => expect(e.startsWith(printed[j]!) || e.startsWith(printed[j]!.replace(/\n\s*/g, ' ')), `${printed[j]} vs ${e}`).toBe(true));
    });
  });
});
