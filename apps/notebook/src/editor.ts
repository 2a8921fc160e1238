// The code editor of a cell or a prose block: CodeMirror 6 with JavaScript (or Markdown)
// highlighting, bracket matching and undo. Shift-Enter runs, Ctrl/Cmd-S saves. Bundled with the
// app (loaded when the page is editable), nothing from elsewhere.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { markdown } from '@codemirror/lang-markdown';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView, drawSelection, keymap, lineNumbers } from '@codemirror/view';

/** An editor in the page: its element and its text. */
export interface SourceEditor {
  readonly root: HTMLElement;
  text(): string;
  /** Replaces the whole text (an update from disk); undo history is kept. */
  setText(text: string): void;
  focus(): void;
}

/** What the editor's keys and edits call. */
export interface EditorHooks {
  /** Shift-Enter. */
  run(): void;
  /** Ctrl-S or Cmd-S. */
  save(): void;
  /** Any change of the text. */
  changed(): void;
}

/**
 * Makes an editor.
 *
 * @param text - the initial text.
 * @param language - `javascript` for a cell, `markdown` for prose.
 * @param hooks - what Shift-Enter, Ctrl/Cmd-S and edits do.
 */
export function createEditor(text: string, language: 'javascript' | 'markdown', hooks: EditorHooks): SourceEditor {
  const root = document.createElement('div');
  root.className = 'gb-editor';
  const view = new EditorView({
    parent: root,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        language === 'javascript' ? javascript() : markdown(),
        keymap.of([
          { key: 'Shift-Enter', run: () => (hooks.run(), true) },
          { key: 'Mod-s', run: () => (hooks.save(), true), preventDefault: true },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) hooks.changed();
        }),
        EditorView.contentAttributes.of({ 'aria-label': language === 'javascript' ? 'cell source' : 'prose Markdown' }),
      ],
    }),
  });
  return {
    root,
    text: () => view.state.doc.toString(),
    setText: (next) => {
      if (next !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    focus: () => view.focus(),
  };
}
