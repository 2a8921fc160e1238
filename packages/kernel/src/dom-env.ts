/** Set on `globalThis` by a headless run's DOM (see node/headless-dom.ts): a DOM, but no browser (internal). */
export const HEADLESS_DOM: unique symbol = Symbol.for('gradbook.kernel.headlessDom');

/** Whether there is a DOM at all: a browser, or a headless run's (internal). */
export const hasDom = (): boolean => typeof document !== 'undefined' && typeof document.createElement === 'function';

/**
 * Whether cells are in a browser: a DOM that is not a headless run's. Headless, `md`/`html` give
 * markup for the report and the basic `Inputs` stay headless (overrides set them), though Plot and
 * Observable's other inputs build DOM nodes (internal).
 */
export const inBrowser = (): boolean => hasDom() && (globalThis as Record<symbol, unknown>)[HEADLESS_DOM] !== true;
