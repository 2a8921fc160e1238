// Small DOM helpers shared by the app's views: elements with a class and text, Markdown through the
// kernel's `md`, and notices under the bar.
import { md } from '@gradbook/kernel';

/** An element with an optional class and text (text is always set as text, never as HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Markdown rendered by the kernel's `md` (the notebook is the author's code: its prose is trusted like its cells). */
export function markdown(text: string): Element {
  const strings = Object.assign([text], { raw: [text] }) as unknown as TemplateStringsArray;
  return md(strings) as Element;
}

/** Adds a notice under the bar (the page's `#notices`), returned so a caller can remove it. */
export function notice(text: string, kind: 'warning' | 'info' = 'warning', testId?: string): HTMLElement {
  const n = el('div', `gb-notice gb-notice-${kind}`, text);
  if (testId) n.dataset.testid = testId;
  document.getElementById('notices')?.append(n);
  return n;
}

/** The app's root element. */
export function appRoot(): HTMLElement {
  return document.getElementById('app')!;
}

/** Replaces the page with the bar (home link and title) and an empty notices area; returns the bar. */
export function header(title: string): HTMLElement {
  const bar = el('header', 'gb-bar');
  const home = el('a', 'gb-home', 'Gradbook');
  home.href = './';
  bar.append(home, el('span', 'gb-bar-title', title));
  const notices = el('div', 'gb-notices');
  notices.id = 'notices';
  appRoot().replaceChildren(bar, notices);
  return bar;
}
