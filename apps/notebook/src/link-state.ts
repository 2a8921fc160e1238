// Input values in the page's link: applied to inputs as they are made, rewritten as they move.
import type { NotebookDefinition } from '@gradbook/kernel';
import { notice } from './dom.js';
import { domainOf, type Domain } from './inputs.js';
import { RESERVED, readLinkValue, writeLinkValue } from './link.js';

/** Makes the kernel's `set`-like sameness check for values that may be arrays (checkboxes). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  return Object.is(a, b);
}

/** The link's input values for one open notebook. */
export class LinkState {
  #viewofNames: Set<string>;
  readonly #bound = new Map<string, { domain: Domain; view: { value: unknown; dispatchEvent(e: Event): boolean } }>();
  readonly #expected = new Map<string, unknown>();
  readonly #reported = new Set<string>();
  #pending = false;

  constructor(definition: NotebookDefinition) {
    this.#viewofNames = LinkState.#inputNames(definition);
  }

  static #inputNames(definition: NotebookDefinition): Set<string> {
    return new Set(definition.cells.filter((c) => c.kind === 'viewof' && c.name && !RESERVED.has(c.name)).map((c) => c.name!));
  }

  /** The notebook changed (an edit): its inputs are those of the new definition. */
  update(definition: NotebookDefinition): void {
    this.#viewofNames = LinkState.#inputNames(definition);
    for (const name of this.#bound.keys()) if (!this.#viewofNames.has(name)) this.#bound.delete(name);
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
    // A parameter that names no input is dropped here: say so first, whether or not the notebook
    // has settled yet (a notebook still training rewrites the link long before it settles).
    for (const name of new Set(current.keys())) if (!RESERVED.has(name) && !this.#viewofNames.has(name)) this.#reject(name, 'the notebook has no such input');
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
