// The one place that reads @observablehq/runtime's internals (its underscore-prefixed fields), so a
// runtime upgrade that moves them breaks here and nowhere else. Pinned: @observablehq/runtime 6.0.1.
import { Runtime } from '@observablehq/runtime';

/**
 * A runtime whose builtins are the given values (each wrapped as a constant definition, so a
 * function value is the value, not a definition to call) (internal).
 *
 * @param builtins - the library, by name.
 * @returns a fresh runtime.
 */
export function createRuntime(builtins: Readonly<Record<string, unknown>>): Runtime {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(builtins)) wrapped[name] = () => value;
  return new Runtime(wrapped);
}

/**
 * Whether the runtime has a computation scheduled or running, or variables waiting to recompute
 * (internal; reads `_computing` and `_updates`).
 */
export function runtimeBusy(runtime: Runtime): boolean {
  return runtime._computing !== null || runtime._updates.size > 0;
}

/**
 * The end of the runtime's current (or next) computation pass: the variables that were dirty
 * when it started have their new definitions running (internal; calls `_compute`).
 */
export function computePass(runtime: Runtime): Promise<void> {
  return runtime._compute();
}
