import { HEADLESS_DOM } from '../dom-env.js';

let installing: Promise<void> | null = null;

/**
 * Gives a headless run a DOM (happy-dom: measured to run Observable Plot, every Observable Input
 * and htl, where linkedom lacks form validation), so `html`, `svg`, `Plot.plot(…)` and `Inputs.*`
 * cells run under `gradbook run` and their SVG reaches the report. Installed once per process:
 * `window`, `document` and the DOM's classes that Node lacks become globals; Node's own (`Event`,
 * `EventTarget`, `URL`, timers, `fetch`) stay. TensorFlow.js is told it is still in Node.
 *
 * @returns a promise that resolves when the DOM is in place.
 */
export function installHeadlessDom(): Promise<void> {
  installing ??= (async () => {
    if (typeof (globalThis as { document?: unknown }).document !== 'undefined') return;
    const [{ Window }, { tf }] = await Promise.all([import('happy-dom'), import('@gradbook/core')]);
    // tfjs decides browser or Node from `window`; it stays in Node.
    tf.env().set('IS_BROWSER', false);
    const window = new Window({ url: 'http://localhost/', width: 640, height: 480 }) as unknown as Record<string, unknown> & { document: unknown };
    // A standards-mode document (KaTeX and layout code check the doctype).
    (window.document as { write(html: string): void }).write('<!DOCTYPE html><html><head></head><body></body></html>');
    if (!('compatMode' in (window.document as object))) Object.defineProperty(window.document, 'compatMode', { value: 'CSS1Compat' });
    const g = globalThis as Record<string | symbol, unknown>;
    const names = new Set([...Object.getOwnPropertyNames(window), ...Object.getOwnPropertyNames(Object.getPrototypeOf(window) ?? {})]);
    for (const name of names) {
      if (/^[A-Z]/.test(name) && !(name in g)) {
        try {
          g[name] = window[name];
        } catch {
          // a getter that needs the window as `this`: not needed by cells
        }
      }
    }
    g.window = window;
    g.document = window.document;
    g[HEADLESS_DOM] = true;
  })();
  return installing;
}
