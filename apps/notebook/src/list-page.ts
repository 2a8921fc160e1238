// The list page: every notebook the server lists, with its title and file.
import { appRoot, el, header } from './dom.js';

/** One notebook of `notebooks/index.json`. */
export interface NotebookEntry {
  id: string;
  file: string;
  title: string;
  description?: string;
}

/** Reads the notebook list from the server (`notebooks/index.json`, relative to the page). */
export async function loadIndex(): Promise<NotebookEntry[]> {
  const response = await fetch('notebooks/index.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`notebooks/index.json: HTTP ${response.status}`);
  return (await response.json()) as NotebookEntry[];
}

/** Shows the list page. */
export function showList(index: NotebookEntry[]): void {
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
  appRoot().append(list);
}
