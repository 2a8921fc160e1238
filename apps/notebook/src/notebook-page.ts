// The notebook page: the bar with the backend controls, prose and cells in document order, and the
// kernel's run observed cell by cell.
import { compile, gb, run, type NotebookDefinition, type NotebookRun } from '@gradbook/kernel';
import { startBackend } from './backend-controls.js';
import { CellView, type Status } from './cell-view.js';
import { appRoot, el, header } from './dom.js';
import { Inputs } from './inputs.js';
import { LinkState } from './link-state.js';
import type { NotebookEntry } from './list-page.js';
import { isTrainEvent, prepare } from './outputs.js';
import { ProseView } from './prose-view.js';

/** `gb` with `loadMnist` reading the files this app serves under `mnist/`. */
function appGb(): unknown {
  const mnistBase = new URL('mnist/', location.href).href;
  const loadMnist = gb.loadMnist as (options?: Record<string, unknown>) => Promise<unknown>;
  return Object.freeze({ ...gb, loadMnist: (options: Record<string, unknown> = {}) => loadMnist({ baseUrl: mnistBase, ...options }) });
}

/** Opens a notebook of the list: fetches, compiles and runs it. */
export async function openNotebook(entry: NotebookEntry): Promise<void> {
  const app = appRoot();
  const params = new URLSearchParams(location.search);
  const bar = header(entry.title);
  document.title = `${entry.title} · Gradbook`;
  const response = await fetch(`notebooks/${encodeURIComponent(entry.file)}`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${entry.file}: HTTP ${response.status}`);
  let definition: NotebookDefinition;
  try {
    definition = compile(await response.text());
  } catch (error) {
    app.append(el('div', 'gb-error', `${entry.file}: ${(error as Error).message}`));
    return;
  }
  bar.querySelector('.gb-bar-title')!.textContent = definition.title;
  document.title = `${definition.title} · Gradbook`;

  const testMode = params.get('test') === '1';
  const controls = await startBackend(definition.backend, testMode);
  bar.append(controls.root);

  // Prose and cells in document order.
  const page = el('main', 'gb-notebook');
  const views = new Map<number, CellView>();
  for (const block of definition.blocks) {
    if (block.type === 'prose') {
      page.append(new ProseView(block.markdown).root);
    } else {
      const view = new CellView(block.cell);
      views.set(block.cell.index, view);
      page.append(view.root);
    }
  }
  app.append(page);

  const link = new LinkState(definition);
  const names = new Set(definition.cells.map((c) => c.name).filter((n): n is string => n !== null));
  const overrides = testMode ? Object.fromEntries(Object.entries(definition.test).filter(([name]) => names.has(name))) : {};

  let notebook: NotebookRun | null = null;
  notebook = await run(definition, {
    backend: 'keep',
    overrides,
    library: { Inputs, gb: appGb() },
    observer: (cell, { view: isView }) => {
      const view = views.get(cell.index);
      if (!view) return undefined;
      if (isView) {
        return {
          fulfilled: (input) => {
            link.bind(cell.name!, input);
            view.show(prepare(input, []));
          },
          rejected: (error) => {
            view.setStatus('error');
            view.showError(error);
          },
        };
      }
      return {
        pending: () => {
          view.pendingAt = notebook?.cell(view.key)?.computations ?? 0;
          view.history = [];
          view.setStatus('stale');
        },
        fulfilled: (value) => {
          if (cell.kind === 'viewof') {
            view.setStatus('fresh');
            link.valueOf(cell.name!, value);
            return;
          }
          if (isTrainEvent(value)) {
            const last = view.history[view.history.length - 1];
            if (last && value.step <= last[0]) view.history = [];
            view.history.push([value.step, value.loss]);
          }
          const state = notebook?.cell(view.key);
          view.running = state?.running ?? false;
          view.setStatus(view.running ? 'running' : 'fresh', state?.computations);
          view.show(prepare(value, view.history));
        },
        rejected: (error) => {
          view.setStatus('error');
          view.showError(error);
        },
      };
    },
  });

  // Statuses: running (computing or streaming), stale (waiting for an input to recompute), fresh, error.
  const tick = (): void => {
    for (const view of views.values()) {
      const state = notebook!.cell(view.key);
      if (!state) continue;
      const status: Status =
        state.status === 'rejected' ? 'error' : state.status === 'pending' ? (state.computations > view.pendingAt ? 'running' : 'stale') : state.running ? 'running' : 'fresh';
      view.root.dataset.computations = String(state.computations);
      if (view.running && !state.running && status === 'fresh') {
        view.running = false;
        // Redraw the last training event without the running style.
        view.root.querySelector('.gb-progress-fill')?.classList.remove('gb-indeterminate');
      }
      view.setStatus(status);
    }
  };
  // Statuses follow the kernel's change notifications, redrawn at most once per frame.
  let queued = false;
  notebook.onChange(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      tick();
    });
  });
  tick();
  controls.showInUse(notebook.backend);
  document.body.dataset.ready = 'true';
  (window as unknown as { gradbook: unknown }).gradbook = {
    notebook,
    backend: notebook.backend,
    settled: (timeout?: number) => notebook!.settled(timeout === undefined ? {} : { timeout }),
  };
  void notebook.settled().then(() => {
    tick();
    link.reportUnknown();
    document.body.dataset.settled = 'true';
  });
}
