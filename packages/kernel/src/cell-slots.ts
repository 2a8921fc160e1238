// A cell's runtime variables, kept across redefinitions: editing a cell redefines its variables in
// place rather than deleting and re-creating them. The runtime leaves a placeholder variable behind
// for every deleted variable that others read, so delete-and-create grows memory on every edit.
import type { Module, Observer, Variable } from '@observablehq/runtime';

/** An observer that passes events on to its current target, so a variable can change hands (internal). */
export class Relay implements Observer {
  /** Where events go; null drops them. */
  target: Observer | null;

  constructor(target: Observer | null) {
    this.target = target;
  }

  pending(): void {
    this.target?.pending?.();
  }

  fulfilled(value: unknown, name?: string | null): void {
    this.target?.fulfilled?.(value, name);
  }

  rejected(error: unknown, name?: string | null): void {
    this.target?.rejected?.(error, name);
  }
}

/** One runtime variable of a cell (internal). */
export interface Slot {
  readonly variable: Variable;
  /** Its name as last defined. */
  readonly name: string | null;
  /** Its observer when the variable is observed (computed even when nothing reads it); null when it is computed only on demand. */
  readonly relay: Relay | null;
}

/** What one variable should become (internal). */
export interface Placement {
  readonly name: string | null;
  readonly inputs: readonly string[];
  readonly definition: unknown;
  /** Whether the variable is observed. */
  readonly observed: boolean;
  /** Where its events go (for an observed variable; null reports nothing). */
  readonly observer: Observer | null;
}

/**
 * Defines a cell's variables, in order, redefining in place a previous one of the same name and
 * observedness; new variables are made for the others, and previous ones left over are deleted
 * last, in reverse order, once nothing of this cell reads them any more. (Renaming a variable that
 * others read would leave a placeholder behind just as deleting it does.) (internal)
 *
 * @param module - the notebook's module.
 * @param previous - the cell's variables before, or none.
 * @param placements - what they should become.
 * @returns the cell's variables now.
 */
export function placeVariables(module: Module, previous: readonly Slot[], placements: readonly Placement[]): Slot[] {
  const free = [...previous];
  const take = (match: (slot: Slot) => boolean): Slot | undefined => {
    const i = free.findIndex(match);
    return i < 0 ? undefined : free.splice(i, 1)[0];
  };
  const chosen = placements.map((p) => take((s) => s.name === p.name && (s.relay !== null) === p.observed));
  const slots: Slot[] = placements.map((p, i) => {
    const reused = chosen[i];
    if (reused) {
      if (reused.relay) reused.relay.target = p.observer;
      reused.variable.define(p.name, p.inputs, p.definition);
      return { variable: reused.variable, name: p.name, relay: reused.relay };
    }
    const relay = p.observed ? new Relay(p.observer) : null;
    const variable = module.variable((relay ?? false) as never);
    variable.define(p.name, p.inputs, p.definition);
    return { variable, name: p.name, relay };
  });
  // Last first: a cell's variables read only earlier ones, so each is deleted once nothing reads it.
  for (const slot of free.reverse()) {
    // A deleted variable reports undefined once; that is no cell's value.
    if (slot.relay) slot.relay.target = null;
    slot.variable.delete();
  }
  return slots;
}
