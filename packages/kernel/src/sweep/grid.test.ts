import { describe, expect, it } from 'vitest';
import { GridError, gridPoints, parseGridAxis, parseSeeds } from './grid.js';

describe('parseGridAxis', () => {
  it('reads a list of numbers', () => {
    expect(parseGridAxis('lr=0.01,0.03,0.1')).toEqual({ name: 'lr', values: [0.01, 0.03, 0.1] });
  });
  it('reads integer and stepped ranges, both ends included, without float drift', () => {
    expect(parseGridAxis('width=2..5').values).toEqual([2, 3, 4, 5]);
    expect(parseGridAxis('p=0..1:0.1').values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(parseGridAxis('lr=0.01..0.03:0.01').values).toEqual([0.01, 0.02, 0.03]);
    expect(parseGridAxis('n=1..3,10').values).toEqual([1, 2, 3, 10]);
  });
  it('reads words, quoted strings with commas, booleans and JSON', () => {
    expect(parseGridAxis(`dataset=moons,"a,b",'c, d'`).values).toEqual(['moons', 'a,b', 'c, d']);
    expect(parseGridAxis('flag=true,false').values).toEqual([true, false]);
    expect(parseGridAxis('sizes=[8,8],[16]').values).toEqual([[8, 8], [16]]);
  });
  it.each([
    ['lr', /expected name=value/],
    ['=1,2', /is not a cell name/],
    ['2x=1', /is not a cell name/],
    ['seed=1,2', /set with --seeds/],
    ['lr=0.1,,0.2', /an empty value/],
    ['lr=0.1,', /an empty value/],
    ['lr=5..1', /runs backwards; write 1\.\.5/],
    ['lr=0..1:0', /step .* must be positive/],
    ['lr=0..1:-1', /step .* must be positive/],
    ['lr=a..b', /needs a number at each end/],
    ['lr=NaN', /not a finite number/],
    [`lr='abc`, /unterminated ' quote/],
    ['lr=[1,2', /unbalanced brackets/],
    ['lr={"a":}', /looks like JSON but does not parse/],
    ['lr=1,2,1', /listed twice/],
    ['n=0..1000000', /more than 100000/],
  ])('refuses %s, naming the problem', (arg, message) => {
    expect(() => parseGridAxis(arg)).toThrow(GridError);
    expect(() => parseGridAxis(arg)).toThrow(message);
  });
  it('names the argument in its error', () => {
    expect(() => parseGridAxis('lr=0.1,,0.2')).toThrow('--grid lr=0.1,,0.2:');
  });
});

describe('parseSeeds', () => {
  it('reads a range, a list and one seed', () => {
    expect(parseSeeds('0..9')).toHaveLength(10);
    expect(parseSeeds('0,3,7')).toEqual([0, 3, 7]);
    expect(parseSeeds('5')).toEqual([5]);
  });
  it('refuses fractions and words', () => {
    expect(() => parseSeeds('0..1:0.5')).toThrow(/whole numbers, received 0.5/);
    expect(() => parseSeeds('x')).toThrow(/whole numbers, received "x"/);
  });
});

describe('gridPoints', () => {
  it('is the product of the axes times the seeds, last axis fastest, then the seed', () => {
    const points = gridPoints(
      [
        { name: 'lr', values: [0.1, 1] },
        { name: 'width', values: [8, 32] },
      ],
      [0, 1],
    );
    expect(points).toHaveLength(8);
    expect(points.slice(0, 3)).toEqual([
      { values: { lr: 0.1, width: 8 }, seed: 0 },
      { values: { lr: 0.1, width: 8 }, seed: 1 },
      { values: { lr: 0.1, width: 32 }, seed: 0 },
    ]);
  });
  it('with no axes runs each seed once', () => {
    expect(gridPoints([], [3, 4])).toEqual([
      { values: {}, seed: 3 },
      { values: {}, seed: 4 },
    ]);
  });
  it('refuses an axis given twice', () => {
    expect(() => gridPoints([{ name: 'lr', values: [1] }, { name: 'lr', values: [2] }], [0])).toThrow(/given twice/);
  });
});
