import { parse as parseYaml } from 'yaml';
import { GradbookError } from '@gradbook/core';

/** A notebook's front matter, read and checked (internal). */
export interface FrontMatter {
  /** The whole mapping (empty without front matter). */
  readonly data: Record<string, unknown>;
  /** `seed` (default 0). */
  readonly seed: number;
  /** `test` overrides (default none). */
  readonly test: Record<string, unknown>;
  /** Quarto's `execute` options, the defaults of every cell's options (default none). */
  readonly execute: Record<string, unknown>;
  /** Where the body starts in the text. */
  readonly bodyStart: number;
}

/**
 * Reads the YAML front matter at the top of a notebook's text (`\n` line ends).
 *
 * @param text - the notebook's text.
 * @returns the front matter and where the body starts.
 * @throws GradbookError when the front matter is not closed, the YAML is invalid or not a mapping, `seed` is not a finite number, or
 *   `test` or `execute` is not a mapping.
 */
export function readFrontMatter(text: string): FrontMatter {
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  // A first line of --- opens front matter; without its closing line the whole notebook would
  // silently become prose (its title, seed and cells lost), so that is an error at the top.
  if (!m && /^---[ \t]*(?:\n|$)/.test(text)) {
    throw new GradbookError('compile', 'the front matter opened by --- on line 1 is never closed; end it with a line of --- (or remove the first line)');
  }
  let data: Record<string, unknown> = {};
  if (m) {
    let parsed: unknown;
    try {
      parsed = parseYaml(m[1]);
    } catch (error) {
      throw new GradbookError('compile', `the front matter is not valid YAML: ${(error as Error).message}; fix it or remove the --- block`);
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new GradbookError('compile', `the front matter must be a mapping (title: …, seed: …), received ${Array.isArray(parsed) ? 'a list' : typeof parsed}`);
      }
      data = parsed as Record<string, unknown>;
    }
  }
  const seed = data.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    // Numbers as the author wrote them: 1e400 reads as Infinity, which JSON would show as null.
    const shown = typeof seed === 'number' ? String(seed) : JSON.stringify(seed);
    const why = typeof seed === 'number' ? ` (a seed must be finite${seed === Infinity || seed === -Infinity ? '; a number this large does not fit a float64' : ''})` : '';
    throw new GradbookError('compile', `front matter seed must be a number, received ${shown}${why}; write e.g. seed: 42`);
  }
  const mapping = (key: string, what: string): Record<string, unknown> => {
    const value = data[key] ?? {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new GradbookError('compile', `front matter ${key} must be a mapping of ${what}, received ${JSON.stringify(value)}`);
    }
    return value as Record<string, unknown>;
  };
  const test = mapping('test', 'overrides (name: value)');
  const execute = mapping('execute', 'cell options (echo: false, …)');
  return { data, seed, test, execute, bodyStart: m ? m[0].length : 0 };
}
