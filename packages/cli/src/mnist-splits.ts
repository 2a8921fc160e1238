/**
 * Which MNIST splits a notebook's cells load, read from its source: each `loadMnist(…)` call with
 * `split: "test"` needs the test files, with `split: "train"` or no split the training files, and
 * with any other split expression both. Used by `gradbook build` to copy only the files a site needs
 * (the training images alone are 47 MB).
 *
 * @param text - the notebook's Markdown.
 * @returns the splits, empty when the notebook does not load MNIST.
 * @example
 * mnistSplits('```js\nd = gb.loadMnist({split: "test", limit: 8})\n```'); // Set { 'test' }
 */
export function mnistSplits(text: string): Set<'train' | 'test'> {
  const out = new Set<'train' | 'test'>();
  for (const call of text.matchAll(/loadMnist\s*\(([^)]*)\)?/g)) {
    const args = call[1] ?? '';
    const split = /split\s*:\s*(["'`])(train|test)\1/.exec(args);
    if (split) out.add(split[2] as 'train' | 'test');
    else if (/split\s*:/.test(args)) {
      out.add('train');
      out.add('test');
    } else out.add('train');
  }
  return out;
}
