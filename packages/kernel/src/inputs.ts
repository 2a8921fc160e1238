import { GradbookError } from '@gradbook/core';
import { inBrowser } from './dom-env.js';
import { TEXT_MAX_LENGTH, choiceDomain, numericDomain, recordDomain } from './input-domain.js';

/** The kind of a headless input. */
export type InputKind = 'range' | 'number' | 'select' | 'radio' | 'checkbox' | 'toggle' | 'text' | 'button';

/**
 * An input without a DOM (Node): it holds a `value`, announces changes with `input` events, and
 * serialises as its value. Setting `value` does not announce; call {@link HeadlessInput.set}.
 */
export class HeadlessInput extends EventTarget {
  /** What kind of input this stands for. */
  readonly kind: InputKind;
  /** The label, if one was given. */
  readonly label: string | undefined;
  /** The choices of a select, radio or checkbox input. */
  readonly options: readonly unknown[] | undefined;
  /** The current value. */
  value: unknown;

  constructor(kind: InputKind, value: unknown, label?: string, options?: readonly unknown[]) {
    super();
    this.kind = kind;
    this.value = value;
    this.label = label;
    this.options = options;
  }

  /** Sets the value and dispatches an `input` event, as a user moving the control would. */
  set(value: unknown): void {
    this.value = value;
    this.dispatchEvent(new Event('input'));
  }

  toJSON(): unknown {
    return this.value;
  }
}

interface RangeOptions {
  value?: number;
  step?: number;
  label?: string;
}

interface ChoiceOptions {
  value?: unknown;
  label?: string;
  format?: (x: unknown) => string;
}


/** A DOM form carrying a `value` property, as @observablehq/inputs makes (internal, browser only). */
function domInput(kind: InputKind, value: unknown, label: string | undefined, build: (form: HTMLFormElement) => { get(): unknown; set(v: unknown): void }): HTMLFormElement {
  const form = document.createElement('form');
  form.className = `gradbook-input gradbook-input-${kind}`;
  if (label !== undefined) {
    const l = document.createElement('label');
    l.textContent = label;
    form.append(l);
  }
  const access = build(form);
  Object.defineProperty(form, 'value', { get: access.get, set: access.set, configurable: true });
  access.set(value);
  form.addEventListener('submit', (e) => e.preventDefault());
  return form;
}

function checkExtent(where: string, extent: unknown): [number, number] {
  if (!Array.isArray(extent) || extent.length !== 2 || !extent.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new GradbookError(where, `expected an extent [min, max] of two finite numbers, received ${JSON.stringify(extent)}`);
  }
  return extent as [number, number];
}

function range(extent: [number, number], options: RangeOptions = {}): HeadlessInput | HTMLFormElement {
  return recordDomain(rangeInput(extent, options), numericDomain('range', extent));
}

function rangeInput([min, max]: [number, number], options: RangeOptions): HeadlessInput | HTMLFormElement {
  checkExtent('Inputs.range', [min, max]);
  const value = options.value ?? (min + max) / 2;
  if (!inBrowser()) return new HeadlessInput('range', value, options.label);
  return domInput('range', value, options.label, (form) => {
    const input = document.createElement('input');
    Object.assign(input, { type: 'range', min: String(min), max: String(max), step: options.step === undefined ? 'any' : String(options.step) });
    const out = document.createElement('output');
    input.addEventListener('input', () => (out.textContent = input.value));
    form.append(input, out);
    return { get: () => input.valueAsNumber, set: (v) => ((input.value = String(v)), (out.textContent = String(v))) };
  });
}

function number(extent: [number, number] | RangeOptions = [-Infinity, Infinity], options: RangeOptions = {}): HeadlessInput | HTMLFormElement {
  if (!Array.isArray(extent)) (options = extent), (extent = [-Infinity, Infinity]);
  return recordDomain(numberInput(extent, options), numericDomain('number', extent));
}

function numberInput(extent: [number, number], options: RangeOptions): HeadlessInput | HTMLFormElement {
  const value = options.value ?? (Number.isFinite(extent[0]) ? extent[0] : 0);
  if (!inBrowser()) return new HeadlessInput('number', value, options.label);
  return domInput('number', value, options.label, (form) => {
    const input = document.createElement('input');
    input.type = 'number';
    form.append(input);
    return { get: () => input.valueAsNumber, set: (v) => (input.value = String(v)) };
  });
}

function choice(kind: 'select' | 'radio') {
  const make = (choices: readonly unknown[], options: ChoiceOptions = {}): HeadlessInput | HTMLFormElement =>
    recordDomain(choiceInput(choices, options), choiceDomain(kind, choices));
  const choiceInput = (choices: readonly unknown[], options: ChoiceOptions): HeadlessInput | HTMLFormElement => {
    if (!Array.isArray(choices)) throw new GradbookError(`Inputs.${kind}`, `expected an array of choices, received ${typeof choices}`);
    const value = 'value' in options ? options.value : kind === 'select' ? choices[0] : null;
    if (!inBrowser()) return new HeadlessInput(kind, value, options.label, choices);
    const format = options.format ?? String;
    return domInput(kind, value, options.label, (form) => {
      const select = document.createElement('select');
      choices.forEach((c, i) => {
        const o = document.createElement('option');
        o.value = String(i);
        o.textContent = format(c);
        select.append(o);
      });
      select.addEventListener('change', () => form.dispatchEvent(new Event('input')));
      form.append(select);
      return { get: () => choices[select.selectedIndex], set: (v) => (select.selectedIndex = choices.indexOf(v)) };
    });
  };
  return make;
}

function checkbox(choices: readonly unknown[], options: ChoiceOptions = {}): HeadlessInput | HTMLFormElement {
  return recordDomain(checkboxInput(choices, options), choiceDomain('checkbox', choices));
}

function checkboxInput(choices: readonly unknown[], options: ChoiceOptions): HeadlessInput | HTMLFormElement {
  const value = (options.value as unknown[] | undefined) ?? [];
  if (!inBrowser()) return new HeadlessInput('checkbox', value, options.label, choices);
  return domInput('checkbox', value, options.label, (form) => {
    const boxes = choices.map((c) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      label.append(box, String(c));
      form.append(label);
      return box;
    });
    return {
      get: () => choices.filter((_, i) => boxes[i].checked),
      set: (v) => boxes.forEach((b, i) => (b.checked = (v as unknown[]).includes(choices[i]))),
    };
  });
}

function toggle(options: { value?: boolean; label?: string } = {}): HeadlessInput | HTMLFormElement {
  const value = options.value ?? false;
  if (!inBrowser()) return recordDomain(new HeadlessInput('toggle', value, options.label), { kind: 'toggle' });
  return recordDomain(toggleForm(value, options), { kind: 'toggle' });
}

function toggleForm(value: boolean, options: { label?: string }): HTMLFormElement {
  return domInput('toggle', value, options.label, (form) => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    form.append(box);
    return { get: () => box.checked, set: (v) => (box.checked = Boolean(v)) };
  });
}

function text(options: { value?: string; label?: string; placeholder?: string } = {}): HeadlessInput | HTMLFormElement {
  const value = options.value ?? '';
  const domain = { kind: 'text', maxLength: TEXT_MAX_LENGTH } as const;
  if (!inBrowser()) return recordDomain(new HeadlessInput('text', value, options.label), domain);
  return recordDomain(textForm(value, options), domain);
}

function textForm(value: string, options: { label?: string; placeholder?: string }): HTMLFormElement {
  return domInput('text', value, options.label, (form) => {
    const input = document.createElement('input');
    input.type = 'text';
    if (options.placeholder) input.placeholder = options.placeholder;
    form.append(input);
    return { get: () => input.value, set: (v) => (input.value = String(v)) };
  });
}

function button(content = '≡', options: { value?: number; label?: string } = {}): HeadlessInput | HTMLFormElement {
  const value = options.value ?? 0;
  if (!inBrowser()) return new HeadlessInput('button', value, options.label);
  let count = value;
  return domInput('button', value, options.label, (form) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = content;
    b.addEventListener('click', () => {
      count++;
      form.dispatchEvent(new Event('input'));
    });
    form.append(b);
    return { get: () => count, set: (v) => (count = Number(v)) };
  });
}

/**
 * Inputs for `viewof` cells, after @observablehq/inputs: `range`, `number`, `select`, `radio`,
 * `checkbox`, `toggle`, `text` and `button`. In a browser each is a small form element; without a
 * DOM (Node) each is a {@link HeadlessInput}, so `viewof lr = Inputs.range([0, 1], {value: 0.1})`
 * yields 0.1, or the value a run's overrides give `lr`. An app may pass @observablehq/inputs instead.
 *
 * @example
 * const view = Inputs.range([1e-4, 1], { value: 0.01, label: 'learning rate' });
 * view.value; // 0.01
 */
export const Inputs = {
  range,
  number,
  select: choice('select'),
  radio: choice('radio'),
  checkbox,
  toggle,
  text,
  button,
};
