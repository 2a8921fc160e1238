import { describe, expect, it } from 'vitest';
import { PlotError } from './plot-error.js';

describe('PlotError', () => {
  it('prefixes the message with the function and keeps it as `where`', () => {
    const e = new PlotError('heatmap', 'row 3 has 27 values, expected 28');
    expect(e.message).toBe('heatmap: row 3 has 27 values, expected 28');
    expect(e.where).toBe('heatmap');
    expect(e.name).toBe('PlotError');
    expect(e).toBeInstanceOf(Error);
  });

  it('isInstance recognises the brand, not the class identity', () => {
    expect(PlotError.isInstance(new PlotError('x', 'y'))).toBe(true);
    expect(PlotError.isInstance({ [Symbol.for('gradbook.PlotError')]: true })).toBe(true);
    expect(PlotError.isInstance(new Error('x'))).toBe(false);
    expect(PlotError.isInstance(null)).toBe(false);
  });
});
