import { Library } from '@observablehq/stdlib';
import { delay, input, observe, waitsOnEvents } from './generators.js';

/** Observable's standard library, for its namespaces (nothing of it fetches: `require` is not used). */
const observable = new Library();

/**
 * Observable's `Generators` (from @observablehq/stdlib): `disposable`, `filter`, `input`, `map`,
 * `observe`, `queue`, `range`, `valueAt`, `worker`. `observe`, `input` and `queue` are marked as
 * waiting on events, so a headless run settles while they wait.
 *
 * @example
 * [...Generators.range(3)]; // [0, 1, 2]
 */
export const Generators: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({
  ...observable.Generators,
  observe,
  input,
  queue: (initialize: never) => waitsOnEvents(observable.Generators.queue(initialize) as object),
});

/**
 * Observable's `Promises` (from @observablehq/stdlib): `delay(ms, value)`, `tick(ms, value)`, `when(date, value)`.
 *
 * @example
 * await Promises.delay(10, 'done'); // 'done'
 */
export const Promises: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({ ...observable.Promises, delay });

/**
 * Observable's `DOM` (from @observablehq/stdlib): `canvas`, `context2d`, `download`, `element`,
 * `input`, `range`, `select`, `svg`, `text`, `uid`. They need a DOM (a browser, or a headless run's).
 */
export const DOM: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({ ...observable.DOM });

/** Observable's `Files` (from @observablehq/stdlib): `buffer`, `text`, `url` of a `File`. */
export const Files: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({ ...observable.Files });
