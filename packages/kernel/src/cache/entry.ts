import { hashString } from './hash.js';

// A stored cache entry is one JSON object: a header, then the serialised value spliced in as it is
// (it is JSON already, so it is neither escaped again nor parsed twice):
//   {"format":"gradbook-cache-entry/1","key":"…","checksum":"…","value":<value text>}
// The header names the key the entry was written under (a file copied or renamed under another key
// does not verify) and a checksum of the value (an entry edited by hand, or damaged, does not
// verify). The checksum is hashString's 106 bits: it finds edits and damage; it does not stop a
// forger who recomputes it.
const FORMAT = 'gradbook-cache-entry/1';
const HEADER = /^\{"format":"gradbook-cache-entry\/1","key":"([0-9a-f]*)","checksum":"([0-9a-f]*)","value":/;
const HEX = /^[0-9a-f]+$/;

/** An entry read back: its value text, or why it does not verify. */
export type OpenedEntry = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Wraps a serialised value (JSON text) with its key and checksum, for a cache that stores text (internal).
 *
 * @param key - the cache key the entry is stored under (hex digits).
 * @param text - the serialised value.
 * @returns the text to store.
 */
export function sealEntry(key: string, text: string): string {
  if (!HEX.test(key)) throw new TypeError(`sealEntry: keys are hex digits, received ${JSON.stringify(key)}`);
  return `{"format":"${FORMAT}","key":"${key}","checksum":"${hashString(text)}","value":${text}}`;
}

/**
 * Reads an entry written by {@link sealEntry} and verifies it: the format, the key it was written
 * under, the checksum of its value (internal).
 *
 * @param key - the key it was read under.
 * @param stored - the stored text.
 * @returns the value text, or why the entry is not to be trusted.
 */
export function openEntry(key: string, stored: string): OpenedEntry {
  const m = HEADER.exec(stored);
  if (!m || !stored.endsWith('}')) return { ok: false, reason: 'it is not a cache entry of this Gradbook version (empty, damaged or older)' };
  if (m[1] !== key) return { ok: false, reason: `it was written under another key (${m[1]})` };
  const text = stored.slice(m[0].length, -1);
  if (m[2] !== hashString(text)) return { ok: false, reason: 'its checksum does not match its value (edited or damaged)' };
  return { ok: true, text };
}
