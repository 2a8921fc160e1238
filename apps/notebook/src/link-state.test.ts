import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compile, recordDomain } from '@gradbook/kernel';

const notices: string[] = [];
vi.mock('./dom.js', () => ({ notice: (text: string) => void notices.push(text) }));
const { LinkState } = await import('./link-state.js');

/** The page's URL, as LinkState reads and rewrites it. */
function page(search: string): { search: () => string } {
  const loc = { search, hash: '' };
  vi.stubGlobal('location', loc);
  vi.stubGlobal('history', { replaceState: (_s: unknown, _t: string, url: string) => void (loc.search = url) });
  return { search: () => loc.search };
}

const notebook = compile('```js\nviewof lr = Inputs.range([0.001, 0.5], {value: 0.1})\n```\n\n```js\nrun = lr * 2\n```\n');

describe('LinkState', () => {
  beforeEach(() => {
    notices.length = 0;
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('reports a parameter that names no input before a rewrite of the link drops it (before the notebook settles)', () => {
    const url = page('?nb=x&lr=0.2&nope=1');
    const link = new LinkState(notebook);
    link.bind('lr', recordDomain(Object.assign(new EventTarget(), { value: 0.1 }), { kind: 'range', min: 0.001, max: 0.5 }));
    // An input moved: the link is rewritten while the notebook is still running.
    link.write();
    expect(url.search()).toBe('?nb=x&lr=0.2');
    expect(notices).toEqual(['Ignored nope from the link: the notebook has no such input.']);
    link.reportUnknown();
    expect(notices).toHaveLength(1);
  });
});
