import { describe, expect, it } from 'vitest';
import { checkInputValue, choiceDomain, domainOf, type InputDomain as Domain, readLinkValue, writeLinkValue } from './input-domain.js';
import { Inputs } from './inputs.js';

const slider: Domain = { kind: 'range', min: 0.001, max: 0.5 };
const choice: Domain = { kind: 'select', multiple: false, keys: ['sgd', 'adam'], values: ['sgd', 'adam'] };
const boxes: Domain = { kind: 'checkbox', multiple: true, keys: ['a', 'b', 'c'], values: ['a', 'b', 'c'] };

describe('readLinkValue', () => {
  it('accepts a number inside the slider range, in decimal or exponent form', () => {
    expect(readLinkValue(slider, ['0.25'])).toEqual({ ok: true, value: 0.25 });
    expect(readLinkValue(slider, ['5e-2'])).toEqual({ ok: true, value: 0.05 });
    expect(readLinkValue(slider, ['.5'])).toEqual({ ok: true, value: 0.5 });
  });

  it('rejects numbers outside the range and anything that is not a plain number', () => {
    expect(readLinkValue(slider, ['5'])).toEqual({ ok: false, reason: '5 is outside [0.001, 0.5]' });
    expect(readLinkValue(slider, ['-0.1']).ok).toBe(false);
    for (const raw of ['alert(1)', '0x10', 'Infinity', 'NaN', ' 0.1', '0.1 ', '', '1e999', '<script>', '0.1;', '[0.1]']) {
      expect(readLinkValue(slider, [raw]).ok, raw).toBe(false);
    }
  });

  it('says a parameter given twice is given twice (not that its first value is not a number)', () => {
    expect(readLinkValue(slider, ['0.1', '0.2'])).toEqual({ ok: false, reason: 'it is given 2 times ("0.1", "0.2"); give it once' });
    expect(readLinkValue(choice, ['sgd', 'adam'])).toEqual({ ok: false, reason: 'it is given 2 times ("sgd", "adam"); give it once' });
    expect(readLinkValue({ kind: 'toggle' }, ['true', 'true']).ok).toBe(false);
  });

  it('accepts only a choice of the input, by its key', () => {
    expect(readLinkValue(choice, ['adam'])).toEqual({ ok: true, value: 'adam' });
    expect(readLinkValue(choice, ['<img src=x onerror=alert(1)>'])).toEqual({ ok: false, reason: '"<img src=x onerror=alert(1)>" is not one of the choices' });
    expect(readLinkValue(choice, ['constructor']).ok).toBe(false);
  });

  it('reads several choices of a checkbox, once each, and the empty choice', () => {
    expect(readLinkValue(boxes, ['c', 'a', 'c'])).toEqual({ ok: true, value: ['c', 'a'] });
    expect(readLinkValue(boxes, [''])).toEqual({ ok: true, value: [] });
    expect(readLinkValue(boxes, ['a', 'z']).ok).toBe(false);
  });

  it('reads toggles as true or false only, and text up to its length', () => {
    expect(readLinkValue({ kind: 'toggle' }, ['false'])).toEqual({ ok: true, value: false });
    expect(readLinkValue({ kind: 'toggle' }, ['1']).ok).toBe(false);
    expect(readLinkValue({ kind: 'text', maxLength: 5 }, ['<b>'])).toEqual({ ok: true, value: '<b>' });
    expect(readLinkValue({ kind: 'text', maxLength: 5 }, ['toolong']).ok).toBe(false);
  });
});

describe('writeLinkValue', () => {
  it('writes what readLinkValue reads back', () => {
    expect(writeLinkValue(slider, 0.30000000000000004)).toEqual(['0.3']);
    expect(writeLinkValue(choice, 'adam')).toEqual(['adam']);
    expect(writeLinkValue(boxes, ['a', 'c'])).toEqual(['a', 'c']);
    expect(writeLinkValue(boxes, [])).toEqual(['']);
    expect(readLinkValue(boxes, writeLinkValue(boxes, [])!)).toEqual({ ok: true, value: [] });
    expect(writeLinkValue({ kind: 'toggle' }, true)).toEqual(['true']);
  });

  it('writes nothing for a value the input cannot hold', () => {
    expect(writeLinkValue(slider, NaN)).toBeUndefined();
    expect(writeLinkValue(choice, 'lion')).toBeUndefined();
  });
});

describe('checkInputValue (a run\'s overrides, the CLI\'s --set)', () => {
  it('applies the domain a link is held to, to typed values', () => {
    expect(checkInputValue(slider, 0.25)).toEqual({ ok: true, value: 0.25 });
    expect(checkInputValue(slider, 5)).toEqual({ ok: false, reason: '5 is outside [0.001, 0.5]' });
    expect(checkInputValue(slider, '0.25')).toEqual({ ok: false, reason: '"0.25" is not a number' });
    expect(checkInputValue(slider, NaN)).toEqual({ ok: false, reason: 'NaN is not a finite number' });
    expect(checkInputValue(choice, 'adam')).toEqual({ ok: true, value: 'adam' });
    expect(checkInputValue(choice, 'lion')).toEqual({ ok: false, reason: '"lion" is not one of the choices (sgd, adam)' });
    expect(checkInputValue(boxes, ['c', 'a'])).toEqual({ ok: true, value: ['c', 'a'] });
    expect(checkInputValue(boxes, 'a').ok).toBe(false);
    expect(checkInputValue({ kind: 'toggle' }, 'yes').ok).toBe(false);
  });

  it('names a choice of objects by its key', () => {
    const moons = { n: 'moons' };
    const domain = choiceDomain('select', new Map([['moons', moons], ['xor', { n: 'xor' }]]));
    expect(checkInputValue(domain, 'moons')).toEqual({ ok: true, value: moons });
  });

  it('the headless Inputs record their domains, as the app\'s do', () => {
    expect(domainOf(Inputs.range([1e-4, 1], { value: 0.01 }))).toEqual({ kind: 'range', min: 1e-4, max: 1 });
    expect(domainOf(Inputs.select(['sgd', 'adam']))).toEqual(choice);
    expect(domainOf(Inputs.toggle())).toEqual({ kind: 'toggle' });
  });
});
