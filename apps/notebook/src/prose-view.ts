// A run of prose between cells, rendered from its Markdown.
import { el, markdown } from './dom.js';

/** One prose block on the page. */
export class ProseView {
  readonly root: HTMLElement = el('div', 'gb-prose');
  #markdown = '';

  constructor(text: string) {
    this.render(text);
  }

  /** The Markdown shown. */
  get markdown(): string {
    return this.#markdown;
  }

  /** Renders new Markdown in place (nothing happens when it is the same). */
  render(text: string): void {
    if (text === this.#markdown && this.root.childNodes.length > 0) return;
    this.#markdown = text;
    this.root.replaceChildren(markdown(text));
  }
}
