/**
 * `pnpm bench [--json] [name …]`: runs every `*.bench.ts` here (or the named ones) in one process,
 * one after another, and prints their figures. Each figure that is a ratio was measured against a
 * baseline in the same run, so the machine's load affects both sides alike.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface BenchResult {
  figures: Record<string, number>;
  lines: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2).filter((a) => a !== '--');
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

const all: Record<string, Record<string, number>> = {};
const log = json ? (s: string) => process.stderr.write(s + '\n') : (s: string) => console.log(s);
for (const f of files) {
  const name = f.replace(/\.bench\.ts$/, '');
  log(`\n## ${name}`);
  try {
    const mod = (await import(path.join(here, f))) as { default: () => Promise<BenchResult> };
    const r = await mod.default();
    r.lines.forEach((l) => log(l));
    all[name] = r.figures;
  } catch (err) {
    log(`failed: ${(err as Error).stack ?? err}`);
    all[name] = { failed: 1 };
    process.exitCode = 1;
  }
}
if (json) console.log(JSON.stringify(all));
