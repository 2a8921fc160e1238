// The Gradbook app: a list of the notebooks, and a notebook page where inputs drive cells through
// @gradbook/kernel. Query parameters: `nb` (which notebook), `backend`, `test` (apply the
// notebook's `test:` overrides), and one per input (its value, checked against its domain).
import '@observablehq/inputs/dist/index.css';
import './style.css';
import { appRoot, el, notice } from './dom.js';
import { isIndex, loadIndex, showList } from './list-page.js';
import { openNotebook } from './notebook-page.js';
import { fetchSession, subscribe } from './server-api.js';

async function main(): Promise<void> {
  const [index, session] = await Promise.all([loadIndex(), fetchSession()]);
  const events = session.served ? subscribe() : null;
  const id = new URLSearchParams(location.search).get('nb');
  const entry = id === null ? undefined : index.find((nb) => nb.id === id);
  if (!entry) {
    const update = showList(index, session);
    events?.onList((next) => void (isIndex(next) && update(next)));
    if (id !== null) notice(`There is no notebook ${JSON.stringify(id.slice(0, 60))}; pick one below.`, 'warning', 'unknown-notebook');
    return;
  }
  await openNotebook(entry, session, events);
}

main().catch((error: unknown) => {
  appRoot().append(el('div', 'gb-error', `Gradbook could not start: ${(error as Error).message}`));
  console.error(error);
});
