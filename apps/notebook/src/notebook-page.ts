// The notebook page: the bar (title, backend controls, save controls), the notebook's blocks, and
// its run on the kernel. On an editable page every cell opens in an editor; the file is saved
// through the preview server; a change of the file on disk reaches the page without a reload.
import { compile, compileCell, type NotebookDefinition } from '@gradbook/kernel';
import { startBackend } from './backend-controls.js';
import { CellView, type CellActions } from './cell-view.js';
import { appRoot, el, header, notice } from './dom.js';
import type { EditorHooks, SourceEditor } from './editor.js';
import { KernelSession } from './kernel-session.js';
import { LinkState } from './link-state.js';
import { isIndex, type NotebookEntry } from './list-page.js';
import { NotebookDocument, type Applied, type BlockView } from './notebook-document.js';
import { ProseView } from './prose-view.js';
import { SaveControls } from './save-controls.js';
import { fetchNotebook, saveNotebook, type NotebookFile, type ServerEvents, type Session } from './server-api.js';

type MakeEditor = (text: string, language: 'javascript' | 'markdown', hooks: EditorHooks) => SourceEditor;

/** A placeholder definition for a cell not yet given a kernel slot. */
const unplaced = (source: string) => compileCell(source, 0);

/** Shows (or, with null, clears) the error of a file that does not compile, at the top of the page. */
function fileError(file: string, error: unknown): void {
  const old = document.querySelector('[data-testid=file-error]');
  if (error === null) {
    old?.remove();
    return;
  }
  const message = (error as Error).message.replace(/^compile: /, '').replace(/[.;\s]+$/, '');
  const box = el('div', 'gb-error gb-file-error', `${file} does not compile: ${message}. The page keeps the last version that did.`);
  box.dataset.testid = 'file-error';
  box.setAttribute('role', 'alert');
  if (old) old.replaceWith(box);
  else document.getElementById('notices')?.prepend(box);
}

/**
 * Opens a notebook of the list: fetches, compiles and runs it; with a writable session, makes it
 * editable; with an event stream, keeps it in step with its file.
 */
export async function openNotebook(entry: NotebookEntry, session: Session, events: ServerEvents | null): Promise<void> {
  const app = appRoot();
  const params = new URLSearchParams(location.search);
  const bar = header(entry.title);
  document.title = `${entry.title} · Gradbook`;
  const first = await fetchNotebook(entry.file);
  let definition: NotebookDefinition;
  try {
    definition = compile(first.text);
  } catch (error) {
    app.append(el('div', 'gb-error', `${entry.file}: ${(error as Error).message}`));
    // Fixed on disk: start again.
    events?.onFile((e) => void (e.file === entry.file && e.hash !== first.hash && location.reload()));
    return;
  }
  const setTitle = (title: string): void => {
    bar.querySelector('.gb-bar-title')!.textContent = title;
    document.title = `${title} · Gradbook`;
  };
  setTitle(definition.title);

  const testMode = params.get('test') === '1';
  const controls = await startBackend(definition.backend, testMode);
  const editable = !session.readOnly;
  const makeEditor: MakeEditor | null = editable ? (await import('./editor.js')).createEditor : null;

  // Whatever changed on the page: mark it.
  let saveControls: SaveControls;
  const changed = (): void => {
    doc.markDirty();
    saveControls.setDirty(doc.dirty);
  };
  const hooks = (run: () => void): EditorHooks => ({ run, save: () => void save(), changed });
  const actions: CellActions = {
    add: (view, where) => {
      const added = doc.newCell(unplaced);
      doc.insert(added, view, where);
      place([added]);
      added.openSource();
      added.editor?.focus();
      changed();
    },
    remove: (view) => {
      kernel.remove(view);
      doc.removeBlock(view);
      changed();
    },
    move: (view, by) => {
      doc.move(view, by);
      changed();
    },
  };
  const prepare = (block: BlockView): void => {
    if (!makeEditor) return;
    if (block instanceof ProseView) block.makeEditable(makeEditor, { save: () => void save(), changed });
    else block.attachEditor(makeEditor(block.cell.source, 'javascript', hooks(() => runCell(block))), actions);
  };

  // Ctrl/Cmd-S anywhere on an editable page saves (instead of the browser saving the page).
  if (editable) {
    document.addEventListener('keydown', (event) => {
      if (event.key.toLowerCase() === 's' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.defaultPrevented) {
        event.preventDefault();
        void save();
      }
    });
  }
  const doc = new NotebookDocument(entry.file, first.text, first.hash, definition, editable, prepare);
  saveControls = new SaveControls(session.readOnly, () => void save(), () => doc.dirty);
  bar.append(saveControls.root, controls.root);
  app.append(doc.root);

  const link = new LinkState(definition);
  const overrides = testMode ? { ...definition.test } : {};
  const kernel = new KernelSession(link);
  const restart = async (): Promise<void> => {
    await kernel.start(doc.definition, doc.cells, overrides);
  };
  /** Gives new views a kernel slot (restarting the run when none is free). */
  const place = (views: CellView[]): void => {
    if (views.some((v) => !kernel.add(v))) void restart();
  };
  /** Runs a cell's text when it differs from what the kernel runs. */
  const runCell = (view: CellView): void => {
    if (view.text !== view.runSource) kernel.redefine(view, view.text);
    changed();
  };
  const runApplied = (applied: Applied, restartAll: boolean): void => {
    link.update(doc.definition);
    if (restartAll) {
      void restart();
      return;
    }
    for (const view of applied.removed) kernel.remove(view);
    for (const { view, source } of applied.changed) kernel.redefine(view, source);
    place(applied.added);
  };

  /** Takes a version of the file from disk, keeping what did not change. */
  const takeFile = (f: NotebookFile, next: NotebookDefinition): void => {
    const restartAll = next.seed !== doc.definition.seed || next.backend !== doc.definition.backend;
    const applied = doc.apply(f.text, f.hash, next, unplaced);
    // Drop the page's own edits: each block shows the file again.
    for (const block of doc.blocks) {
      const content = block.original?.content;
      if (content === undefined) continue;
      if (block instanceof ProseView) block.render(content);
      else if (block.text !== content) {
        block.editor?.setText(content);
        if (!applied.changed.some((c) => c.view === block)) applied.changed.push({ view: block, source: content });
      }
    }
    setTitle(next.title);
    runApplied(applied, restartAll);
    changed();
  };
  const reloadFromDisk = async (): Promise<void> => {
    const f = await fetchNotebook(entry.file);
    try {
      takeFile(f, compile(f.text));
      fileError(entry.file, null);
    } catch (error) {
      fileError(entry.file, error);
    }
  };

  let saving = false;
  async function save(overwrite = false): Promise<void> {
    if (session.readOnly || saving) return;
    for (const view of doc.cells) if (view.text !== view.runSource) kernel.redefine(view, view.text);
    const text = doc.compose();
    if (text === doc.loaded.text && !overwrite) {
      changed();
      return;
    }
    saving = true;
    saveControls.say('saving…');
    const result = await saveNotebook(session, entry.file, text, overwrite ? '*' : (doc.hash ?? '*'));
    saving = false;
    if (result.ok) {
      let next: NotebookDefinition | null = null;
      try {
        next = compile(text);
      } catch (error) {
        fileError(entry.file, error);
      }
      if (next && !doc.saved(text, result.hash, next)) runApplied(doc.apply(text, result.hash, next, unplaced), false);
      if (!next) doc.hash = result.hash;
      changed();
      saveControls.say(`saved ${new Date().toLocaleTimeString()}`);
      return;
    }
    if (!result.conflict) {
      saveControls.say(`not saved: ${result.message}`, true);
      return;
    }
    saveControls.say('not saved: the file changed on disk', true);
    const choice = await saveControls.conflict(
      `Not saved: ${entry.file} changed on disk since this page loaded it (${result.message}). Reload it (your changes on this page are dropped), or overwrite it with this page's version (the changes on disk are lost).`,
    );
    if (choice === 'overwrite') await save(true);
    else if (choice === 'reload') await reloadFromDisk();
  }

  // A change of the file on disk: one update at a time, the newest last.
  let queue = Promise.resolve();
  events?.onFile((e) => {
    if (e.file !== entry.file || e.hash === doc.hash) return;
    queue = queue.then(async () => {
      const f = await fetchNotebook(entry.file);
      if (f.hash !== null && f.hash === doc.hash) return;
      let next: NotebookDefinition;
      try {
        next = compile(f.text);
      } catch (error) {
        fileError(entry.file, error);
        return;
      }
      fileError(entry.file, null);
      if (f.text === doc.compose()) {
        // The page's own save (its answer may still be on its way), or the same text written again.
        if (!saving && doc.saved(f.text, f.hash, next)) changed();
        return;
      }
      if (doc.dirty) {
        document.querySelector('[data-testid=disk-changed]')?.remove();
        const n = notice(`${entry.file} changed on disk. Your unsaved changes here are kept; saving will ask before overwriting. `, 'warning', 'disk-changed');
        const reload = el('button', undefined, 'Reload from disk');
        reload.type = 'button';
        reload.addEventListener('click', () => (n.remove(), void reloadFromDisk()));
        n.append(reload);
        return;
      }
      takeFile(f, next);
    }).catch((error: unknown) => console.warn(`gradbook: could not update ${entry.file}: ${(error as Error).message}`));
  });

  // The file deleted (or renamed) on disk: say so; saving asks before writing it again.
  events?.onList((index) => {
    if (!isIndex(index)) return;
    const gone = !index.some((e) => e.file === entry.file);
    const shown = document.querySelector('[data-testid=file-gone]');
    if (gone && !shown) notice(`${entry.file} is no longer on disk. The page keeps it; saving will ask before writing it again.`, 'warning', 'file-gone');
    if (!gone) shown?.remove();
  });

  const notebook = await kernel.start(definition, doc.cells, overrides);
  controls.showInUse(notebook.backend);
  document.body.dataset.ready = 'true';
  const expose = (): void => {
    (window as unknown as { gradbook: unknown }).gradbook = {
      notebook: kernel.notebook,
      backend: kernel.notebook!.backend,
      settled: (timeout?: number) => kernel.notebook!.settled(timeout === undefined ? {} : { timeout }),
    };
  };
  kernel.onStart = expose;
  expose();
  void notebook.settled().then(() => {
    kernel.tick();
    link.reportUnknown();
    document.body.dataset.settled = 'true';
  });
}

