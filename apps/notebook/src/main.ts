// The Gradbook app: a list of the notebooks, and a notebook page where inputs drive cells through
// @gradbook/kernel. Query parameters: `nb` (which notebook), `backend`, `test` (apply the
// notebook's `test:` overrides), and one per input (its value, checked against its domain).
import '@observablehq/inputs/dist/index.css';
import './style.css';
import { setBackend, type BackendName } from '@gradbook/core';
import { compile, gb, md, run, type CellDefinition, type CellError, type NotebookDefinition, type NotebookRun } from '@gradbook/kernel';
import { Inputs, domainOf, type Domain } from './inputs.js';
import { RESERVED, readLinkValue, writeLinkValue } from './link.js';
import { draw, isTrainEvent, prepare, type Prepared } from './outputs.js';

interface NotebookEntry {
  id: string;
  file: string;
  title: string;
}

type Status = 'running' | 'stale' | 'fresh' | 'error';

const BACKENDS: { name: BackendName; label: string }[] = [
  { name: 'auto', label: 'auto' },
  { name: 'webgpu', label: 'WebGPU' },
  { name: 'webgl', label: 'WebGL' },
  { name: 'wasm', label: 'WebAssembly' },
  { name: 'cpu', label: 'CPU' },
];

const app = document.getElementById('app')!;
const params = new URLSearchParams(location.search);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Markdown rendered by the kernel's `md` (the notebook is the author's code: its prose is trusted like its cells). */
function markdown(text: string): Element {
  const strings = Object.assign([text], { raw: [text] }) as unknown as TemplateStringsArray;
  return md(strings) as Element;
}

function notice(text: string, kind: 'warning' | 'info' = 'warning', testId?: string): void {
  const n = el('div', `gb-notice gb-notice-${kind}`, text);
  if (testId) n.dataset.testid = testId;
  document.getElementById('notices')?.append(n);
}

async function loadIndex(): Promise<NotebookEntry[]> {
  const response = await fetch('notebooks/index.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`notebooks/index.json: HTTP ${response.status}`);
  return (await response.json()) as NotebookEntry[];
}

function header(title: string): HTMLElement {
  const bar = el('header', 'gb-bar');
  const home = el('a', 'gb-home', 'Gradbook');
  home.href = './';
  bar.append(home, el('span', 'gb-bar-title', title));
  const notices = el('div', 'gb-notices');
  notices.id = 'notices';
  app.replaceChildren(bar, notices);
  return bar;
}

function showList(index: NotebookEntry[]): void {
  header('Notebooks');
  document.title = 'Gradbook';
  const list = el('ul', 'gb-notebook-list');
  list.dataset.testid = 'notebook-list';
  for (const nb of index) {
    const li = el('li');
    const a = el('a', undefined, nb.title);
    a.href = `?nb=${encodeURIComponent(nb.id)}`;
    a.dataset.notebook = nb.id;
    li.append(a, el('span', 'gb-file', nb.file));
    list.append(li);
  }
  if (index.length === 0) list.append(el('li', 'gb-note', 'No notebooks were found in notebooks/ when the app was built.'));
  app.append(list);
}

/** Makes the kernel's `set`-like sameness check for values that may be arrays (checkboxes). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  return Object.is(a, b);
}

async function clearCache(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.open('gradbook-cache', 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains('entries')) req.result.createObjectStore('entries');
    };
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction('entries', 'readwrite');
      tx.objectStore('entries').clear();
      tx.oncomplete = () => (db.close(), resolve());
      tx.onerror = () => (db.close(), reject(tx.error));
    };
  });
}

async function useBackend(name: BackendName): Promise<string> {
  if (name === 'webgpu') {
    try {
      await import('@tensorflow/tfjs-backend-webgpu');
    } catch {
      // No WebGPU build here: setBackend says so.
    }
  }
  return setBackend(name, { wasmPaths: new URL('tfjs-wasm/', location.href).href });
}

/** One cell on the page. */
class CellView {
  readonly root: HTMLElement;
  readonly output: HTMLElement;
  readonly #badge: HTMLElement;
  readonly key: string;
  status: Status | null = null;
  /** The kernel's computation count when the cell last went pending. */
  pendingAt = 0;
  history: [number, number][] = [];
  #latest: Prepared | null = null;
  #drawing = false;
  #renders = 0;
  running = false;

  constructor(readonly cell: CellDefinition) {
    this.key = cell.name ?? `cell ${cell.index + 1}`;
    this.root = el('section', `gb-cell gb-cell-${cell.kind}`);
    this.root.dataset.cell = this.key;
    const head = el('div', 'gb-cell-head');
    this.#badge = el('span', 'gb-badge');
    head.append(el('span', 'gb-cell-name', cell.kind === 'normal' ? (cell.name ?? '') : `${cell.kind} ${cell.name}`), this.#badge);
    this.output = el('div', 'gb-output');
    const source = el('details', 'gb-source');
    source.append(el('summary', undefined, 'source'), el('pre', undefined, cell.source));
    this.root.append(head, this.output, source);
    this.setStatus('stale');
  }

  setStatus(status: Status, computations?: number): void {
    if (computations !== undefined) this.root.dataset.computations = String(computations);
    if (status === this.status) return;
    this.status = status;
    this.root.dataset.status = status;
    this.#badge.textContent = status;
  }

  /** Draws the latest value at the next frame; values that arrive meanwhile replace it. */
  show(prepared: Prepared): void {
    this.#latest = prepared;
    if (this.#drawing) return;
    this.#drawing = true;
    requestAnimationFrame(() => void this.#pump());
  }

  async #pump(): Promise<void> {
    while (this.#latest) {
      const next = this.#latest;
      this.#latest = null;
      try {
        await draw(this.output, next, this.running);
        this.root.dataset.renders = String(++this.#renders);
      } catch (error) {
        // A value freed before it could be read: a newer one is on its way.
        if (!this.#latest) this.output.replaceChildren(el('div', 'gb-error', `could not draw: ${(error as Error).message}`));
      }
    }
    this.#drawing = false;
  }

  showError(error: CellError): void {
    this.#latest = null;
    const box = el('div', 'gb-error', error.message);
    box.setAttribute('role', 'alert');
    this.output.replaceChildren(box);
  }
}

/** Input values in the link: applied to inputs as they are made, rewritten as they move. */
class LinkState {
  readonly #viewofNames: Set<string>;
  readonly #bound = new Map<string, { domain: Domain; view: { value: unknown; dispatchEvent(e: Event): boolean } }>();
  readonly #expected = new Map<string, unknown>();
  readonly #reported = new Set<string>();
  #pending = false;

  constructor(definition: NotebookDefinition) {
    this.#viewofNames = new Set(definition.cells.filter((c) => c.kind === 'viewof' && c.name && !RESERVED.has(c.name)).map((c) => c.name!));
  }

  /** A `viewof` cell made its input: give it the link's value when that is valid. */
  bind(name: string, view: unknown): void {
    const domain = domainOf(view);
    if (!domain || !this.#viewofNames.has(name)) return;
    const v = view as { value: unknown; dispatchEvent(e: Event): boolean };
    this.#bound.set(name, { domain, view: v });
    const raw = new URLSearchParams(location.search).getAll(name);
    if (raw.length === 0) return;
    const read = readLinkValue(domain, raw);
    if (!read.ok) {
      this.#reject(name, read.reason);
      return;
    }
    v.value = read.value;
    // The input may round the value to its step: what it took is what its cell gets.
    this.#expected.set(name, v.value);
  }

  #reject(name: string, reason: string): void {
    if (this.#reported.has(name)) return;
    this.#reported.add(name);
    const message = `Ignored ${name} from the link: ${reason}.`;
    console.warn(`gradbook: ${message}`);
    notice(message, 'warning', 'link-rejected');
  }

  /** The input's value reached its cell: make sure it is the link's, then rewrite the link. */
  valueOf(name: string, value: unknown): void {
    const bound = this.#bound.get(name);
    if (!bound) return;
    if (this.#expected.has(name)) {
      const expected = this.#expected.get(name);
      this.#expected.delete(name);
      if (!sameValue(value, expected)) {
        bound.view.value = expected;
        bound.view.dispatchEvent(new Event('input', { bubbles: true }));
        return;
      }
    }
    this.#schedule();
  }

  /** Writes at most every 200 ms: a dragged slider fires many inputs, and browsers throttle history updates. */
  #schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    setTimeout(() => {
      this.#pending = false;
      this.write();
    }, 200);
  }

  /** Rewrites the URL: the app's own parameters, then every bound input's value. */
  write(): void {
    const current = new URLSearchParams(location.search);
    const next = new URLSearchParams();
    for (const key of RESERVED) for (const v of current.getAll(key)) next.append(key, v);
    for (const name of this.#viewofNames) {
      const bound = this.#bound.get(name);
      const written = bound ? writeLinkValue(bound.domain, bound.view.value) : undefined;
      if (written) for (const v of written) next.append(name, v);
      else if (!bound && !this.#reported.has(name)) for (const v of current.getAll(name)) next.append(name, v); // not made yet
    }
    const search = `?${next.toString()}`;
    if (search !== location.search) history.replaceState(null, '', search + location.hash);
  }

  /** Once the notebook settled: report link parameters that name no input. */
  reportUnknown(): void {
    for (const name of new Set(new URLSearchParams(location.search).keys())) {
      if (RESERVED.has(name) || this.#bound.has(name)) continue;
      this.#reject(name, this.#viewofNames.has(name) ? 'that input is not a range, number, select, radio, checkbox, toggle or text input' : 'the notebook has no such input');
    }
    this.write();
  }
}

async function openNotebook(entry: NotebookEntry): Promise<void> {
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

  // Backend: the link's choice when it names one, else the notebook's.
  const fromLink = params.get('backend');
  const known = (name: string | null): name is BackendName => BACKENDS.some((b) => b.name === name);
  if (fromLink !== null && !known(fromLink)) notice(`Ignored backend from the link: ${JSON.stringify(fromLink.slice(0, 40))} is not one of ${BACKENDS.map((b) => b.name).join(', ')}.`, 'warning', 'link-rejected');
  let requested: BackendName = known(fromLink) ? fromLink : known(definition.backend) ? (definition.backend as BackendName) : 'auto';
  let inUse: string;
  try {
    inUse = await useBackend(requested);
  } catch (error) {
    const label = BACKENDS.find((b) => b.name === requested)?.label ?? requested;
    notice(`${label} could not start in this browser (${(error as Error).message}); using auto instead.`);
    requested = 'auto';
    inUse = await useBackend('auto');
  }
  const controls = el('div', 'gb-controls');
  const select = el('select');
  select.setAttribute('aria-label', 'backend');
  select.dataset.testid = 'backend';
  for (const b of BACKENDS) {
    const o = el('option', undefined, b.label);
    o.value = b.name;
    o.selected = b.name === requested;
    select.append(o);
  }
  select.addEventListener('change', () => {
    const next = new URLSearchParams(location.search);
    next.set('backend', select.value);
    location.search = next.toString();
  });
  const using = el('span', 'gb-in-use', inUse);
  using.dataset.testid = 'backend-in-use';
  const clear = el('button', undefined, 'Clear run cache');
  clear.type = 'button';
  clear.dataset.testid = 'clear-cache';
  clear.addEventListener('click', () => {
    clearCache().then(
      () => notice('The run cache is empty: runs compute afresh (after the next change).', 'info', 'cache-cleared'),
      (error) => notice(`Could not clear the run cache: ${(error as Error).message}`),
    );
  });
  const backendLabel = el('label', undefined, 'backend ');
  backendLabel.append(select);
  controls.append(backendLabel, el('span', 'gb-note', 'in use: '), using, clear);
  const testMode = params.get('test') === '1';
  if (testMode) controls.append(el('span', 'gb-badge gb-test-mode', 'test mode'));
  bar.append(controls);

  // Prose and cells in document order.
  const page = el('main', 'gb-notebook');
  const views = new Map<number, CellView>();
  for (const block of definition.blocks) {
    if (block.type === 'prose') {
      const prose = el('div', 'gb-prose');
      prose.append(markdown(block.markdown));
      page.append(prose);
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
  const mnistBase = new URL('mnist/', location.href).href;
  const loadMnist = gb.loadMnist as (options?: Record<string, unknown>) => Promise<unknown>;
  const appGb = Object.freeze({ ...gb, loadMnist: (options: Record<string, unknown> = {}) => loadMnist({ baseUrl: mnistBase, ...options }) });

  let notebook: NotebookRun | null = null;
  notebook = await run(definition, {
    backend: 'keep',
    overrides,
    library: { Inputs, gb: appGb },
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
  setInterval(tick, 100);
  tick();
  using.textContent = notebook.backend;
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

async function main(): Promise<void> {
  const index = await loadIndex();
  const id = params.get('nb');
  if (id === null) {
    showList(index);
    return;
  }
  const entry = index.find((nb) => nb.id === id);
  if (!entry) {
    showList(index);
    notice(`There is no notebook ${JSON.stringify(id.slice(0, 60))}; pick one below.`, 'warning', 'unknown-notebook');
    return;
  }
  await openNotebook(entry);
}

main().catch((error: unknown) => {
  const box = el('div', 'gb-error', `Gradbook could not start: ${(error as Error).message}`);
  app.append(box);
  console.error(error);
});
