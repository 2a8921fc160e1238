import { inBrowser } from './dom-env.js';
import { Markup } from './markup.js';

type Katex = { renderToString(tex: string, options: { displayMode?: boolean; throwOnError?: boolean }): string };


/** A TeX tagged template, rendered by KaTeX (inline; `tex.block` for display math). */
export interface Tex {
  (strings: TemplateStringsArray, ...values: unknown[]): Markup | Element;
  /** Display math: centred, on its own line. */
  block(strings: TemplateStringsArray, ...values: unknown[]): Markup | Element;
}

function render(katex: Katex, displayMode: boolean) {
  return (strings: TemplateStringsArray, ...values: unknown[]): Markup | Element => {
    const source = String.raw({ raw: strings.raw }, ...values.map((v) => String(v)));
    const out = katex.renderToString(source, { displayMode, throwOnError: false });
    if (!inBrowser()) return new Markup('html', out);
    const span = document.createElement(displayMode ? 'div' : 'span');
    span.innerHTML = out;
    return span.firstElementChild ?? span;
  };
}

let loading: Promise<Tex> | null = null;

/**
 * Observable's `tex`: ``tex`E = mc^2` `` renders TeX with KaTeX (installed with the kernel, never
 * fetched), and `tex.block` renders display math. A builtin resolved when a cell first uses it.
 *
 * @returns a promise of the tag.
 * @example
 * const tex = await loadTex();
 * tex`\\sum_i x_i`.toString(); // KaTeX's HTML (in Node)
 */
export function loadTex(): Promise<Tex> {
  loading ??= import('katex').then((m) => {
    const katex = ((m as { default?: Katex }).default ?? m) as Katex;
    return Object.assign(render(katex, false), { block: render(katex, true) });
  });
  return loading;
}
