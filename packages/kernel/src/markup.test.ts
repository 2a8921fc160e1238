import { describe, expect, it } from 'vitest';
import { html, md, Markup } from './markup.js';

// A text input whose value comes from a link (`?t=<img src=x onerror=alert(1)>`) must stay text.
const attack = '<img src=x onerror=alert(1)>';

describe('md and html escape interpolated strings', () => {
  it('md keeps an interpolated string as text, in the Markdown and in its HTML', () => {
    const out = md`Hello, ${attack}` as Markup;
    expect(out.toHtml()).not.toContain('<img');
    expect(out.toHtml()).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('md still renders the template\'s own Markdown and inserts markup it is given', () => {
    const out = md`**Hello**, ${md`*you*`}` as Markup;
    expect(out.toHtml()).toContain('<strong>Hello</strong>');
    expect(out.toHtml()).toContain('<em>you</em>');
  });

  it('html keeps an interpolated string as text', () => {
    expect((html`<p>${attack}</p>` as Markup).toHtml()).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
  });
});
