import type { LoggerInterface, Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { PlotError } from '../plot-error.js';

/** A Vega-Lite spec compiled to Vega, with the compiler's complaints. */
export interface CompiledSpec {
  /** The Vega spec (`vega.parse` takes it). */
  readonly spec: VegaSpec;
  /** Warnings Vega-Lite logged while compiling (e.g. a dropped encoding); empty for a clean spec. */
  readonly warnings: readonly string[];
}

/**
 * Compiles a Vega-Lite spec to Vega, collecting warnings instead of printing them.
 *
 * @param spec - a Vega-Lite v6 spec, e.g. from {@link lossCurve}.
 * @returns `{ spec, warnings }`.
 * @throws PlotError when Vega-Lite rejects the spec outright.
 *
 * @example
 * ```ts
 * const { warnings } = compileSpec(heatmap([[0, 1], [1, 0]]));
 * warnings.length; // 0
 * ```
 */
export function compileSpec(spec: TopLevelSpec): CompiledSpec {
  const messages = collectingLogger();
  try {
    const out = compile(spec, { logger: messages.logger });
    return { spec: out.spec, warnings: messages.warnings };
  } catch (error) {
    throw new PlotError('compileSpec', `Vega-Lite could not compile the spec: ${(error as Error).message}`);
  }
}

/** A Vega logger that keeps warnings and errors in an array (internal). */
export function collectingLogger(): { logger: LoggerInterface; warnings: string[] } {
  const warnings: string[] = [];
  let level = 2;
  const text = (args: readonly unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) { warnings.push(text(args)); return logger; },
    warn(...args: readonly unknown[]) { warnings.push(text(args)); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return { logger: logger as unknown as LoggerInterface, warnings };
}
