import { describe, expect, it } from 'vitest';
import { RunLog, defaultMode, runLog } from './run-log.js';

function filled(): RunLog {
  const log = runLog();
  log.append({ step: 1, epoch: 0, loss: 2.0, metrics: { accuracy: 0.1 } });
  log.append({ step: 2, epoch: 0, loss: 1.0, metrics: { accuracy: 0.4, val_loss: 1.5 } });
  log.append({ step: 3, epoch: 1, loss: 1.5, metrics: { accuracy: 0.3 } });
  log.append({ step: 4, epoch: 1, loss: 0.5, metrics: { accuracy: 0.6, val_loss: 1.2 } });
  return log;
}

describe('RunLog', () => {
  it('is a table with step, epoch, loss, then metrics in first-seen order; gaps are null', () => {
    const log = filled();
    expect(log.length).toBe(4);
    const t = log.table();
    expect(t.columnNames()).toEqual(['step', 'epoch', 'loss', 'accuracy', 'val_loss']);
    expect(t.array('val_loss')).toEqual([null, 1.5, null, 1.2]);
    expect(t.array('loss')).toEqual([2, 1, 1.5, 0.5]);
  });

  it('exports CSV, JSON and Arrow', () => {
    const log = filled();
    expect(log.toCSV()).toBe(['step,epoch,loss,accuracy,val_loss', '1,0,2,0.1,', '2,0,1,0.4,1.5', '3,1,1.5,0.3,', '4,1,0.5,0.6,1.2', ''].join('\n'));
    const json = JSON.parse(log.toJSON());
    expect(json).toEqual([
      { step: 1, epoch: 0, loss: 2, accuracy: 0.1, val_loss: null },
      { step: 2, epoch: 0, loss: 1, accuracy: 0.4, val_loss: 1.5 },
      { step: 3, epoch: 1, loss: 1.5, accuracy: 0.3, val_loss: null },
      { step: 4, epoch: 1, loss: 0.5, accuracy: 0.6, val_loss: 1.2 },
    ]);
    const arrow = log.toArrow();
    expect(arrow.numRows).toBe(4);
    expect(Array.from(arrow.getChild('loss')!.toArray() as ArrayLike<number>)).toEqual([2, 1, 1.5, 0.5]);
    expect(arrow.getChild('val_loss')!.at(0)).toBe(null);
  });

  it('gives last, best (min for losses, max otherwise) and moving averages', () => {
    const log = filled();
    expect(log.last()).toBe(0.5);
    expect(log.last('val_loss')).toBe(1.2);
    expect(log.best()).toEqual({ value: 0.5, step: 4 });
    expect(log.best('accuracy')).toEqual({ value: 0.6, step: 4 });
    expect(log.best('accuracy', 'min')).toEqual({ value: 0.1, step: 1 });
    expect(log.best('val_loss')).toEqual({ value: 1.2, step: 4 });
    const ma = log.movingAverage('loss', 2);
    [2, 1.5, 1.25, 1].forEach((v, i) => expect(ma[i]).toBeCloseTo(v, 12));
    expect(log.movingAverage('val_loss', 5)).toEqual([null, 1.5, 1.5, (1.5 + 1.2) / 2]);
    expect(defaultMode('val_loss')).toBe('min');
    expect(defaultMode('f1')).toBe('max');
  });

  it('summarises every metric in one table', () => {
    const rows = filled().summary({ window: 3 }).objects() as Record<string, unknown>[];
    expect(rows.map((r) => r.metric)).toEqual(['loss', 'accuracy', 'val_loss']);
    expect(rows[0]).toMatchObject({ count: 4, last: 0.5, lastStep: 4, best: 0.5, bestStep: 4 });
    expect(rows[0].movingAverage as number).toBeCloseTo((1 + 1.5 + 0.5) / 3, 12);
    expect(rows[1]).toMatchObject({ count: 4, best: 0.6, bestStep: 4 });
    expect(rows[2]).toMatchObject({ count: 2, last: 1.2, lastStep: 4 });
  });

  it('adds moving-average columns with smoothed()', () => {
    const t = filled().smoothed(2);
    expect(t.columnNames()).toContain('loss_avg');
    expect(t.array('accuracy_avg')[1]).toBeCloseTo(0.25, 12);
  });

  it('tracks a run: appends each event and passes it on', async () => {
    const log = runLog();
    async function* run() {
      for (let step = 1; step <= 3; step++) yield { step, epoch: 0, loss: 1 / step, metrics: {}, params: {} };
    }
    const passed: number[] = [];
    for await (const e of log.track(run())) passed.push(e.step);
    expect(passed).toEqual([1, 2, 3]);
    expect(log.table().array('loss')).toEqual([1, 0.5, 1 / 3]);
  });

  it('refuses malformed events and unknown metrics', () => {
    const log = filled();
    expect(() => log.append({} as never)).toThrow(/RunLog.append\(event\): expected an event/);
    expect(() => log.append({ step: 5, metrics: { loss: 1 } })).toThrow(/clashes with a built-in column/);
    expect(() => log.best('f1')).toThrow(/no metric "f1" in this log \(it has: loss, accuracy, val_loss\)/);
    expect(() => log.movingAverage('loss', 0)).toThrow(/window/);
  });
});
