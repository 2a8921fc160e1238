// The bar's backend controls: the backend chosen (from the link or the notebook), the one in use,
// and a button that empties the kernel's run cache in IndexedDB.
import { setBackend, type BackendName } from '@gradbook/core';
import { el, notice } from './dom.js';

/** The backends the bar offers, with their labels. */
export const BACKENDS: { name: BackendName; label: string }[] = [
  { name: 'auto', label: 'auto' },
  { name: 'webgpu', label: 'WebGPU' },
  { name: 'webgl', label: 'WebGL' },
  { name: 'wasm', label: 'WebAssembly' },
  { name: 'cpu', label: 'CPU' },
];

const known = (name: string | null): name is BackendName => BACKENDS.some((b) => b.name === name);

/** Empties the kernel's run cache (IndexedDB `gradbook-cache`). */
export async function clearCache(): Promise<void> {
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

/** The controls, once the backend has started. */
export interface BackendControls {
  /** The controls' element, for the bar. */
  readonly root: HTMLElement;
  /** Shows the backend the kernel reports in use. */
  showInUse(name: string): void;
}

/**
 * Starts the backend the link names (`backend=`), else the notebook's, falling back to auto with a
 * notice when it cannot start; then makes the bar's controls.
 *
 * @param notebookBackend - the notebook's front-matter `backend`.
 * @param testMode - whether `test=1` is in the link (shown as a badge).
 */
export async function startBackend(notebookBackend: string, testMode: boolean): Promise<BackendControls> {
  const fromLink = new URLSearchParams(location.search).get('backend');
  if (fromLink !== null && !known(fromLink)) notice(`Ignored backend from the link: ${JSON.stringify(fromLink.slice(0, 40))} is not one of ${BACKENDS.map((b) => b.name).join(', ')}.`, 'warning', 'link-rejected');
  let requested: BackendName = known(fromLink) ? fromLink : known(notebookBackend) ? notebookBackend : 'auto';
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
  if (testMode) controls.append(el('span', 'gb-badge gb-test-mode', 'test mode'));
  return { root: controls, showInUse: (name) => void (using.textContent = name) };
}
