import { describe, expect, it } from 'vitest';
import { readArgument } from './cli-arguments.js';

const valued = new Set(['--out', '--set']);

describe('readArgument', () => {
  it('reads --name=value and --name value alike, and steps past the value', () => {
    expect(readArgument(['--out=dir', 'x'], 0, valued)).toEqual({ arg: '--out', value: 'dir', valued: true, next: 1 });
    expect(readArgument(['--out', 'dir', 'x'], 0, valued)).toEqual({ arg: '--out', value: 'dir', valued: true, next: 2 });
  });
  it('keeps an = inside the value (--set lr=0.1)', () => {
    expect(readArgument(['--set', 'lr=0.1'], 0, valued).value).toBe('lr=0.1');
    expect(readArgument(['--set=lr=0.1'], 0, valued).value).toBe('lr=0.1');
  });
  it('leaves flags, unknown options and positionals as they are', () => {
    expect(readArgument(['--json'], 0, valued)).toEqual({ arg: '--json', value: undefined, valued: false, next: 1 });
    expect(readArgument(['--nope=1'], 0, valued)).toMatchObject({ arg: '--nope=1', valued: false });
    expect(readArgument(['nb.md'], 0, valued)).toMatchObject({ arg: 'nb.md', valued: false });
  });
  it('a valued option given last has no value, for the caller to report', () => {
    expect(readArgument(['--out'], 0, valued)).toEqual({ arg: '--out', value: undefined, valued: true, next: 2 });
  });
});
