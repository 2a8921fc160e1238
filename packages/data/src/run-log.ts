import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { GradbookError } from '@gradbook/core';

/** What a run log records: the fields of a `train` event it reads (others, like `params`, are ignored). */
export interface RunLogEvent {
  step: number;
  epoch?: number;
  loss?: number;
  metrics?: Readonly<Record<string, number>>;
}

/** Whether a smaller or a larger value of a metric is better. */
export type BestMode = 'min' | 'max';

/** One metric's rolling summary, as in {@link RunLog.summary}. */
export interface MetricSummary {
  metric: string;
  /** Number of steps that recorded it. */
  count: number;
  last: number;
  /** Step of the last value. */
  lastStep: number;
  best: number;
  /** Step of the best value. */
  bestStep: number;
  /** Mean of the last `window` recorded values. */
  movingAverage: number;
}

const MIN_LIKE = /loss|error|mse|mae|rmse|perplexity|nll/i;

/**
 * The default direction of a metric: smaller is better for names containing loss, error, mse, mae,
 * rmse, perplexity or nll; larger otherwise (accuracy, F1, …).
 */
export function defaultMode(name: string): BestMode {
  return MIN_LIKE.test(name) ? 'min' : 'max';
}

/**
 * A table of per-step metrics that a training run appends to: columns `step`, `epoch`, `loss`, then
 * each metric in the order first seen (a step that did not record a metric — say `val_loss` between
 * evaluations — holds `null` there). Export it with `toCSV`, `toJSON`, `toArrow`; read rolling
 * summaries with `last`, `best`, `movingAverage` and `summary`.
 */
export class RunLog {
  readonly #columns = new Map<string, (number | null)[]>([
    ['step', []],
    ['epoch', []],
    ['loss', []],
  ]);
  #rows = 0;
  #table?: ColumnTable;

  /** Number of recorded steps. */
  get length(): number {
    return this.#rows;
  }

  /** Metric names (including `loss`), in the order first seen. */
  get metrics(): string[] {
    return [...this.#columns.keys()].filter((k) => k !== 'step' && k !== 'epoch');
  }

  /**
   * Records one step.
   *
   * @param event - `{ step, epoch?, loss?, metrics? }`, e.g. a `train` event.
   * @returns this log, for chaining.
   * @example
   * for await (const event of train({...})) log.append(event);
   */
  append(event: RunLogEvent): this {
    if (!event || typeof event !== 'object' || typeof event.step !== 'number' || !Number.isFinite(event.step)) {
      throw new GradbookError('RunLog.append(event)', `expected an event { step, epoch, loss, metrics } with a numeric step, got ${JSON.stringify(event)}`);
    }
    const row: Record<string, number | null> = { step: event.step, epoch: event.epoch ?? null, loss: event.loss ?? null };
    for (const [name, value] of Object.entries(event.metrics ?? {})) {
      if (name === 'step' || name === 'epoch' || name === 'loss') {
        throw new GradbookError('RunLog.append(event)', `the metric name "${name}" clashes with a built-in column; rename it`);
      }
      if (typeof value === 'number') row[name] = value;
    }
    for (const name of Object.keys(row)) {
      if (!this.#columns.has(name)) this.#columns.set(name, new Array<number | null>(this.#rows).fill(null));
    }
    for (const [name, col] of this.#columns) col.push(row[name] ?? null);
    this.#rows++;
    this.#table = undefined;
    return this;
  }

  /**
   * Appends each event of a run as it passes through, so a notebook can both log and consume a run.
   *
   * @param run - an (async) iterable of events, e.g. `train({...})`.
   * @returns an async generator yielding the same events.
   * @example
   * for await (const event of log.track(train({...}))) progress.value = event.step;
   */
  async *track<E extends RunLogEvent>(run: AsyncIterable<E> | Iterable<E>): AsyncGenerator<E, void, undefined> {
    for await (const event of run) {
      this.append(event);
      yield event;
    }
  }

  /**
   * The log as an arquero table (cached until the next `append`).
   *
   * @returns a table with one row per step.
   * @example
   * log.table().filter((d) => d.epoch === 0).print();
   */
  table(): ColumnTable {
    this.#table ??= aq.table(Object.fromEntries([...this.#columns].map(([k, v]) => [k, v.slice()])));
    return this.#table;
  }

  /**
   * The log as CSV text (arquero's `toCSV`); missing values are empty fields.
   *
   * @param options - arquero's CSV options (delimiter, columns, …).
   * @returns the CSV text, header first.
   * @example
   * fs.writeFileSync('run.csv', log.toCSV());
   */
  toCSV(options?: Parameters<ColumnTable['toCSV']>[0]): string {
    return this.table().toCSV(options);
  }

  /**
   * The log as JSON text (arquero's `toJSON`): an array of row objects, `null` where a step lacks a metric.
   *
   * @param options - arquero's JSON options.
   * @returns the JSON text.
   * @example
   * JSON.parse(log.toJSON())[0]; // { step: 1, epoch: 0, loss: 2.3, … }
   */
  toJSON(options?: Parameters<ColumnTable['toJSON']>[0]): string {
    return this.table().toJSON(options);
  }

  /**
   * The log as an Apache Arrow table (arquero's `toArrow`, via flechette).
   *
   * @param options - arquero's Arrow options.
   * @returns a flechette `Table`; `tableToIPC` from flechette turns it into bytes.
   * @example
   * log.toArrow().getChild('loss').toArray(); // Float64Array of losses
   */
  toArrow(options?: Parameters<ColumnTable['toArrow']>[0]): ReturnType<ColumnTable['toArrow']> {
    return this.table().toArrow(options);
  }

  #values(name: string, where: string): { steps: (number | null)[]; values: (number | null)[] } {
    const values = this.#columns.get(name);
    if (!values || name === 'step' || name === 'epoch') {
      throw new GradbookError(`RunLog.${where}(name)`, `no metric "${name}" in this log (it has: ${this.metrics.join(', ')})`);
    }
    return { steps: this.#columns.get('step')!, values };
  }

  /**
   * The last recorded value of a metric.
   *
   * @param name - a metric (default `'loss'`).
   * @returns the value, or `undefined` if it was never recorded.
   */
  last(name = 'loss'): number | undefined {
    const { values } = this.#values(name, 'last');
    for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i]!;
    return undefined;
  }

  /**
   * The best recorded value of a metric and its step.
   *
   * @param name - a metric (default `'loss'`).
   * @param mode - `'min'` or `'max'`; default by name (see {@link defaultMode}: losses and errors
   *   'min', anything else 'max').
   * @returns `{ value, step }`, or `undefined` if never recorded. NaN values are skipped.
   * @example
   * log.best('val_accuracy'); // { value: 0.97, step: 1200 }
   */
  best(name = 'loss', mode: BestMode = defaultMode(name)): { value: number; step: number } | undefined {
    const { steps, values } = this.#values(name, 'best');
    let best: { value: number; step: number } | undefined;
    values.forEach((v, i) => {
      if (v === null || Number.isNaN(v)) return;
      if (!best || (mode === 'min' ? v < best.value : v > best.value)) best = { value: v, step: steps[i]! };
    });
    return best;
  }

  /**
   * The moving average of a metric at every step: the mean of its last `window` recorded values up
   * to and including that step (fewer at the start); `null` before its first value.
   *
   * @param name - a metric (default `'loss'`).
   * @param window - how many values to average (default 10).
   * @returns one number (or null) per step.
   * @example
   * log.movingAverage('loss', 50).at(-1); // the smoothed current loss
   */
  movingAverage(name = 'loss', window = 10): (number | null)[] {
    if (!Number.isInteger(window) || window < 1) throw new GradbookError('RunLog.movingAverage(window)', `expected a whole number ≥ 1, got ${window}`);
    const { values } = this.#values(name, 'movingAverage');
    const recent: number[] = [];
    let sum = 0;
    return values.map((v) => {
      if (v !== null) {
        recent.push(v);
        sum += v;
        if (recent.length > window) sum -= recent.shift()!;
      }
      return recent.length ? sum / recent.length : null;
    });
  }

  /**
   * The log with a moving-average column `<name>_avg` added for each metric.
   *
   * @param window - how many values to average (default 10).
   * @returns a new arquero table.
   */
  smoothed(window = 10): ColumnTable {
    const extra = Object.fromEntries(this.metrics.map((m) => [`${m}_avg`, this.movingAverage(m, window)]));
    return this.table().assign(extra);
  }

  /**
   * One row per metric with its count, last value (and step), best value (and step) and the moving
   * average over the last `window` values.
   *
   * @param options - `window` (10), `modes`: per-metric 'min'/'max' overriding {@link defaultMode}.
   * @returns a new arquero table with columns `metric, count, last, lastStep, best, bestStep, movingAverage`.
   * @example
   * log.summary({ window: 20 }).print();
   */
  summary(options: { window?: number; modes?: Record<string, BestMode> } = {}): ColumnTable {
    const window = options.window ?? 10;
    const rows: MetricSummary[] = [];
    const steps = this.#columns.get('step')!;
    for (const metric of this.metrics) {
      const values = this.#columns.get(metric)!;
      const count = values.filter((v) => v !== null).length;
      if (count === 0) continue;
      let lastStep = NaN;
      for (let i = values.length - 1; i >= 0; i--) {
        if (values[i] !== null) {
          lastStep = steps[i]!;
          break;
        }
      }
      const best = this.best(metric, options.modes?.[metric]);
      rows.push({
        metric,
        count,
        last: this.last(metric)!,
        lastStep,
        best: best?.value ?? NaN,
        bestStep: best?.step ?? NaN,
        movingAverage: this.movingAverage(metric, window).at(-1)!,
      });
    }
    return aq.from(rows);
  }
}

/**
 * A new, empty run log.
 *
 * @returns a {@link RunLog}.
 * @example
 * const log = runLog();
 * for await (const event of train({...})) log.append(event);
 * log.summary().print();
 * download(log.toCSV());
 */
export function runLog(): RunLog {
  return new RunLog();
}
