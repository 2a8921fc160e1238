// A run of prose between cells, rendered from its Markdown; on an editable page it opens in a
// Markdown editor (Shift-Enter or "done" renders it).
import { el, markdown } from './dom.js';
import type { EditorHooks, SourceEditor } from './editor.js';
import type { TextBlock } from './notebook-text.js';

/** Makes an editor for a prose block (the editor module, loaded on editable pages). */
export type MakeEditor = (text: string, language: 'javascript' | 'markdown', hooks: EditorHooks) => SourceEditor;

/** One prose block on the page. */
export class ProseView {
  readonly root: HTMLElement = el('div', 'gb-prose');
  readonly #rendered: HTMLElement = el('div', 'gb-prose-body');
  #markdown = '';
  /** The block of the loaded file it came from; undefined for prose added in the page. */
  original: TextBlock | undefined;
  editor: SourceEditor | null = null;

  constructor(text: string, original: TextBlock | undefined) {
    this.original = original;
    this.root.append(this.#rendered);
    this.render(text);
  }

  /** The Markdown as it stands on the page (the editor's, while one is open). */
  get text(): string {
    return this.editor ? this.editor.text() : this.#markdown;
  }

  /** Renders new Markdown in place (nothing happens when it is the same). */
  render(text: string): void {
    if (text === this.#markdown && this.#rendered.childNodes.length > 0) return;
    this.#markdown = text;
    this.#rendered.replaceChildren(markdown(text));
    if (this.editor && this.editor.text() !== text) this.editor.setText(text);
  }

  /** Adds an "edit" button that opens the Markdown in an editor. */
  makeEditable(make: MakeEditor, hooks: Omit<EditorHooks, 'run'>): void {
    const edit = el('button', 'gb-tool gb-prose-edit', 'edit');
    edit.type = 'button';
    edit.dataset.testid = 'edit-prose';
    edit.title = 'edit this text as Markdown (Shift-Enter shows it)';
    const done = (): void => this.render(this.text);
    edit.addEventListener('click', () => {
      if (!this.editor) {
        this.editor = make(this.#markdown, 'markdown', { ...hooks, run: done });
        this.root.append(this.editor.root);
        edit.textContent = 'done';
        this.editor.focus();
        return;
      }
      done();
      const open = this.editor.root.hidden;
      this.editor.root.hidden = !open;
      edit.textContent = open ? 'done' : 'edit';
      if (open) this.editor.focus();
    });
    this.root.prepend(edit);
  }
}
