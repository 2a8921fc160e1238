// The list page: every notebook the server lists, with its title, description and file; kept up to
// date from the server's events; on an editable server, a form that creates a new notebook.
import { appRoot, el, header, notice } from './dom.js';
import { createNotebook, type Session } from './server-api.js';

/** One notebook of `notebooks/index.json`. */
export interface NotebookEntry {
  id: string;
  file: string;
  title: string;
  description?: string;
  /** A built site's thumbnail of the first plot (`gradbook build --thumbnails`), relative to the page. */
  thumbnail?: string;
}

/** Reads the notebook list from the server (`notebooks/index.json`, relative to the page). */
export async function loadIndex(): Promise<NotebookEntry[]> {
  const response = await fetch('notebooks/index.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`notebooks/index.json: HTTP ${response.status}`);
  return (await response.json()) as NotebookEntry[];
}

/** Whether a value from the event stream is a notebook list. */
export function isIndex(value: unknown): value is NotebookEntry[] {
  return Array.isArray(value) && value.every((e) => e !== null && typeof e === 'object' && typeof e.id === 'string' && typeof e.file === 'string' && typeof e.title === 'string');
}

/** The starting text of a new notebook. */
export function newNotebookText(title: string): string {
  return `---\ntitle: ${JSON.stringify(title)}\n---\n# ${title}\n\nWrite here; each \`js\` cell below is a reactive cell.\n\n\`\`\`js\nx = 1\n\`\`\`\n`;
}

function listItems(list: HTMLElement, index: NotebookEntry[]): void {
  list.replaceChildren();
  for (const nb of index) {
    const li = el('li');
    const main = el('div', 'gb-entry');
    const a = el('a', undefined, nb.title);
    a.href = `?nb=${encodeURIComponent(nb.id)}`;
    a.dataset.notebook = nb.id;
    main.append(a);
    if (nb.description) main.append(el('div', 'gb-description', nb.description));
    if (nb.thumbnail) {
      // An SVG in <img> is a picture: no script in it runs, nothing in it is fetched.
      const img = el('img', 'gb-thumbnail');
      img.src = nb.thumbnail;
      img.alt = '';
      img.loading = 'lazy';
      li.append(img);
    }
    li.append(main, el('span', 'gb-file', nb.file));
    list.append(li);
  }
  if (index.length === 0) list.append(el('li', 'gb-note', 'No notebooks here yet.'));
}

function newNotebookForm(session: Session): HTMLElement {
  const form = el('form', 'gb-new-notebook');
  form.dataset.testid = 'new-notebook';
  const input = el('input');
  input.name = 'file';
  input.placeholder = 'new-notebook.md';
  input.required = true;
  input.setAttribute('aria-label', 'new notebook file name');
  const button = el('button', undefined, 'New notebook');
  button.type = 'submit';
  form.append(input, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let file = input.value.trim();
    if (!file) return;
    if (!file.toLowerCase().endsWith('.md')) file += '.md';
    const title = file.replace(/\.md$/i, '').replace(/[-_]+/g, ' ');
    void createNotebook(session, file, newNotebookText(title)).then(async (result) => {
      if (!result.ok) {
        notice(`Could not create ${file}: ${result.message}.`, 'warning', 'create-failed');
        return;
      }
      const entry = (await loadIndex()).find((e) => e.file === result.file);
      location.search = `?nb=${encodeURIComponent(entry?.id ?? result.file.replace(/\.md$/i, ''))}`;
    });
  });
  return form;
}

/** Shows the list page; returns a function that shows a new list in place. */
export function showList(index: NotebookEntry[], session?: Session): (index: NotebookEntry[]) => void {
  header('Notebooks');
  document.title = 'Gradbook';
  const list = el('ul', 'gb-notebook-list');
  list.dataset.testid = 'notebook-list';
  listItems(list, index);
  appRoot().append(list);
  if (session && !session.readOnly) appRoot().append(newNotebookForm(session));
  return (next) => listItems(list, next);
}
