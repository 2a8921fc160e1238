// Observable Inputs for notebook cells, each remembering its domain (the slider's range, the
// select's choices) so that a value from a link can be checked before it is used. The domains and
// their check are the kernel's, shared with `gradbook run --set`.
import * as ObservableInputs from '@observablehq/inputs';
import { TEXT_MAX_LENGTH, choiceDomain, domainOf, numericDomain, recordDomain, type InputDomain } from '@gradbook/kernel';

/** What an input accepts, recorded when a cell makes it. */
export type Domain = InputDomain;

export { domainOf };

type AnyFn = (...args: any[]) => any;
const O = ObservableInputs as unknown as Record<string, AnyFn>;

function numeric(kind: 'range' | 'number') {
  // Passed on with their number: Inputs.number(options) differs from Inputs.number(extent, options).
  return (...args: unknown[]): unknown => recordDomain(O[kind]!(...args), numericDomain(kind, args[0]));
}

function chooser(kind: 'select' | 'radio' | 'checkbox') {
  return (data: unknown, options: Record<string, unknown> = {}): unknown => {
    const view = O[kind]!(data, options);
    return recordDomain(view, choiceDomain(kind, data, options !== null && typeof options === 'object' ? options : {}));
  };
}

/** `Inputs` for cells: @observablehq/inputs, with range, number, select, radio, checkbox, toggle and text bound to links. */
export const Inputs: Record<string, unknown> = {
  ...ObservableInputs,
  range: numeric('range'),
  number: numeric('number'),
  select: chooser('select'),
  radio: chooser('radio'),
  checkbox: chooser('checkbox'),
  toggle: (...args: unknown[]) => recordDomain(O.toggle!(...args), { kind: 'toggle' }),
  text: (...args: unknown[]) => recordDomain(O.text!(...args), { kind: 'text', maxLength: TEXT_MAX_LENGTH }),
};
