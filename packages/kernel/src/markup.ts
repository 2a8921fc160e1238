import { marked } from 'marked';
import { html as htlHtml, svg as htlSvg } from 'htl';
import { hasDom, inBrowser } from './dom-env.js';

/**
 * Text of HTML with `&`, `<`, `>`, `"` and `'` escaped, safe inside elements and quoted attributes.
 *
 * @param text - any string.
 * @returns the escaped text.
 * @example
 * escapeHtml('<script>'); // '&lt;script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Markup a cell made with `md` or `html` outside a browser: the kind and the source text. The
 * static report renders it; `toString()` gives the text.
 */
export class Markup {
  /** `md` for Markdown, `html` for HTML. */
  readonly kind: 'md' | 'html';
  /** The Markdown or HTML source. */
  readonly text: string;

  constructor(kind: 'md' | 'html', text: string) {
    this.kind = kind;
    this.text = text;
  }

  /** The markup as HTML (Markdown rendered by marked). */
  toHtml(): string {
    return this.kind === 'html' ? this.text : (marked.parse(this.text, { async: false }) as string);
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}


function fragment(html: string): Element {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div.childElementCount === 1 && div.firstElementChild ? div.firstElementChild : div;
}

function interpolate(strings: TemplateStringsArray, values: unknown[], escape: boolean): string {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const text = v instanceof Markup ? v.toHtml() : typeof Element !== 'undefined' && v instanceof Element ? v.outerHTML : String(v ?? '');
    out += (escape && !(v instanceof Markup) && !(typeof Element !== 'undefined' && v instanceof Element) ? escapeHtml(text) : text) + strings[i + 1];
  }
  return out;
}

/**
 * Markdown as a tagged template, as in Observable: ``md`# Loss ${loss.toFixed(3)}` ``. Interpolated
 * strings are escaped, so they stay text (a value from a link or an input cannot inject HTML);
 * interpolated markup and elements are inserted as they are. In a browser it returns an element;
 * in Node (a headless run too) a {@link Markup}, which the report renders.
 *
 * @example
 * md`**bold** ${'<b>'}`.toString(); // '**bold** &lt;b&gt;' (in Node)
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): Markup | Element {
  const text = interpolate(strings, values, true);
  return inBrowser() ? fragment(marked.parse(text, { async: false }) as string) : new Markup('md', text);
}

/**
 * HTML as a tagged template: interpolated strings are escaped (they stay text), interpolated
 * markup and elements are inserted as they are. With a DOM (a browser, or a headless run's) it is
 * htl's `html` (escaping by context, attributes included) and returns a node; without one a
 * {@link Markup}.
 *
 * @example
 * html`<b>${'<script>'}</b>`.toString(); // '<b>&lt;script&gt;</b>' (in Node)
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup | Node {
  if (hasDom()) return htlHtml(strings, ...values.map(domValue)) ?? document.createTextNode('');
  return new Markup('html', interpolate(strings, values, true));
}

/**
 * SVG as a tagged template, as in Observable: ``svg`<svg width=10><circle r=${r} /></svg>` ``. With
 * a DOM it is htl's `svg` and returns an SVG node; without one a {@link Markup} with strings escaped.
 *
 * @example
 * svg`<svg><text>${'<x>'}</text></svg>`.toString(); // '<svg><text>&lt;x&gt;</text></svg>' (in Node)
 */
export function svg(strings: TemplateStringsArray, ...values: unknown[]): Markup | Node {
  if (hasDom()) return htlSvg(strings, ...values.map(domValue)) ?? document.createTextNode('');
  return new Markup('html', interpolate(strings, values, true));
}

/** A Markup value made in Node, inserted into htl's templates as nodes (internal). */
function domValue(v: unknown): unknown {
  if (!(v instanceof Markup)) return v;
  const template = document.createElement('template');
  template.innerHTML = v.toHtml();
  return template.content;
}
