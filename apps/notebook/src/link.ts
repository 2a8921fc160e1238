// Input values in the page's URL: written as text, read back as data and checked against the
// input's domain. Nothing from a link is ever evaluated or inserted as HTML.
import type { Domain } from './inputs.js';

/** Query parameters the app uses itself; an input with one of these names is not put in links. */
export const RESERVED = new Set(['nb', 'backend', 'test']);

/** A value read from a link: accepted, or rejected with the reason. */
export type LinkValue = { ok: true; value: unknown } | { ok: false; reason: string };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const shown = (raw: string): string => JSON.stringify(raw.length > 40 ? raw.slice(0, 40) + '…' : raw);

/**
 * Reads an input's value from the strings a link gives for it.
 *
 * @param domain - what the input accepts.
 * @param raw - the link's values for the name (several for a multiple choice).
 * @returns the value, or why it was rejected.
 */
export function readLinkValue(domain: Domain, raw: readonly string[]): LinkValue {
  switch (domain.kind) {
    case 'range':
    case 'number': {
      const text = raw[0] ?? '';
      if (raw.length !== 1 || !NUMBER.test(text)) return { ok: false, reason: `${shown(text)} is not a number` };
      const value = Number(text);
      if (!Number.isFinite(value)) return { ok: false, reason: `${shown(text)} is not a finite number` };
      if (value < domain.min || value > domain.max) return { ok: false, reason: `${value} is outside [${domain.min}, ${domain.max}]` };
      return { ok: true, value };
    }
    case 'select':
    case 'radio':
    case 'checkbox': {
      const indexes: number[] = [];
      // An empty multiple choice is written as one empty string.
      const none = domain.multiple && raw.length === 1 && raw[0] === '' && !domain.keys.includes('');
      for (const key of none ? [] : raw) {
        const i = domain.keys.indexOf(key);
        if (i < 0) return { ok: false, reason: `${shown(key)} is not one of the choices` };
        if (!indexes.includes(i)) indexes.push(i);
      }
      if (domain.multiple) return { ok: true, value: indexes.map((i) => domain.values[i]) };
      if (indexes.length !== 1) return { ok: false, reason: 'expected one choice' };
      return { ok: true, value: domain.values[indexes[0]!] };
    }
    case 'toggle': {
      const text = raw[0];
      if (raw.length === 1 && (text === 'true' || text === 'false')) return { ok: true, value: text === 'true' };
      return { ok: false, reason: `${shown(text ?? '')} is not true or false` };
    }
    case 'text': {
      const text = raw[0] ?? '';
      if (raw.length !== 1 || text.length > domain.maxLength) return { ok: false, reason: `expected one text of at most ${domain.maxLength} characters` };
      return { ok: true, value: text };
    }
  }
}

/**
 * Writes an input's value as link strings, or undefined when the value cannot be written (a choice
 * not among the input's, a number that is not finite).
 */
export function writeLinkValue(domain: Domain, value: unknown): string[] | undefined {
  switch (domain.kind) {
    case 'range':
    case 'number':
      // Rounded to 15 significant digits: a slider's 0.30000000000000004 is written 0.3.
      return typeof value === 'number' && Number.isFinite(value) ? [String(Number(value.toPrecision(15)))] : undefined;
    case 'select':
    case 'radio':
    case 'checkbox': {
      const chosen = domain.multiple ? (Array.isArray(value) ? value : []) : [value];
      const keys: string[] = [];
      for (const v of chosen) {
        const i = domain.values.indexOf(v);
        if (i < 0) return undefined;
        keys.push(domain.keys[i]!);
      }
      return domain.multiple && keys.length === 0 ? [''] : keys;
    }
    case 'toggle':
      return typeof value === 'boolean' ? [String(value)] : undefined;
    case 'text':
      return typeof value === 'string' && value.length <= domain.maxLength ? [value] : undefined;
  }
}
