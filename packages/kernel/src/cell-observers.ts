import { RuntimeError, type Observer } from '@observablehq/runtime';
import { CellError } from './cell-error.js';
import type { CellObserver, MutableState } from './cell-state.js';

/**
 * A cell's error as the kernel reports it: a failed input that is another cell is named (`input x
 * failed: …`, with `viewof`/`mutable`/`initial` dropped); the cell's own variables are not inputs
 * (internal).
 *
 * @param key - the cell's key.
 * @param name - the cell's name, or null.
 * @param error - what the runtime rejected with.
 * @param isNotebookName - whether a notebook cell defines a variable name.
 */
export function cellError(key: string, name: string | null, error: unknown, isNotebookName: (name: string) => boolean): CellError {
  const message = error instanceof Error ? error.message : String(error);
  const input = error instanceof RuntimeError ? error.input : undefined;
  const own = name !== null && (input === `viewof ${name}` || input === `mutable ${name}` || input === `initial ${name}` || input === name);
  if (input !== undefined && !own && isNotebookName(input)) {
    const shown = input.replace(/^(viewof|mutable|initial) /, '');
    return new CellError(key, message, shown, { cause: error });
  }
  return new CellError(key, message, undefined, { cause: error });
}

/** What the observers of a run share (internal). */
export interface ObserverContext {
  /** Whether a notebook cell defines a variable name. */
  isNotebookName(name: string): boolean;
  /** Called after every change of a cell's status or value. */
  notify(): void;
}

/**
 * The runtime observer of a cell's value variable: keeps its state and tells the user's observer;
 * silent once the cell is retired (internal).
 */
export function valueObserver(state: MutableState, user: CellObserver | undefined, ctx: ObserverContext): Observer {
  return {
    pending() {
      if (state.retired) return;
      state.status = 'pending';
      ctx.notify();
      user?.pending?.();
    },
    fulfilled(value: unknown) {
      if (state.retired) return;
      state.status = 'fulfilled';
      state.value = value;
      state.error = null;
      ctx.notify();
      user?.fulfilled?.(value);
    },
    rejected(error: unknown) {
      if (state.retired) return;
      state.status = 'rejected';
      state.value = undefined;
      state.error = cellError(state.key, state.cell.name, error, ctx.isNotebookName);
      ctx.notify();
      user?.rejected?.(state.error);
    },
  };
}

/** The runtime observer of a `viewof` cell's input (the `viewof x` variable) (internal). */
export function viewObserver(state: MutableState, user: CellObserver | undefined, ctx: ObserverContext): Observer {
  return {
    pending: () => (state.retired ? undefined : user?.pending?.()),
    fulfilled: (view: unknown) => {
      if (state.retired) return;
      state.view = view;
      user?.fulfilled?.(view);
    },
    rejected: (error: unknown) => (state.retired ? undefined : user?.rejected?.(cellError(state.key, state.cell.name, error, ctx.isNotebookName))),
  };
}
