import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { makeFolder } from '../make-folder.js';
import path from 'node:path';
import type { RunRecord } from './run-point.js';

/** The file of a results folder that is the record of what ran: one JSON row per line. */
export const RUNS_FILE = 'runs.jsonl';

let writes = 0;

/**
 * A sweep's results folder. `runs.jsonl` is its record: a row is appended as each run finishes,
 * so an interrupted sweep loses only the runs under way, and a restarted one skips every id
 * already recorded. A line cut short by a crash is ignored (its run is made again).
 */
export class ResultsFolder {
  readonly dir: string;
  readonly #records = new Map<string, RunRecord>();
  #ignored = 0;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Opens (and creates) a results folder, reading the rows already recorded. */
  static async open(dir: string): Promise<ResultsFolder> {
    const folder = new ResultsFolder(path.resolve(dir));
    await makeFolder('sweep(out)', folder.dir);
    let text = '';
    try {
      text = await readFile(path.join(folder.dir, RUNS_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let row: RunRecord;
      try {
        row = JSON.parse(line) as RunRecord;
      } catch {
        folder.#ignored++;
        continue;
      }
      // The first row of an id is the one that counts: a run is never counted twice.
      if (typeof row?.id === 'string' && !folder.#records.has(row.id)) folder.#records.set(row.id, row);
    }
    if (text.length > 0 && !text.endsWith('\n')) await appendFile(path.join(folder.dir, RUNS_FILE), '\n');
    return folder;
  }

  /** Lines of `runs.jsonl` that could not be read (a run cut short while its row was written). */
  get ignoredLines(): number {
    return this.#ignored;
  }

  has(id: string): boolean {
    return this.#records.has(id);
  }

  get(id: string): RunRecord | undefined {
    return this.#records.get(id);
  }

  /** Records a finished run (a second row for an id already recorded is dropped). */
  async add(record: RunRecord): Promise<boolean> {
    if (this.#records.has(record.id)) return false;
    this.#records.set(record.id, record);
    await appendFile(path.join(this.dir, RUNS_FILE), JSON.stringify(record) + '\n');
    return true;
  }

  /** Writes a file of the folder atomically (a temporary file, then a rename). */
  async write(name: string, text: string | Uint8Array): Promise<string> {
    const file = path.join(this.dir, name);
    // A name of its own per write: two writes of one file at once must not share a temporary file.
    const tmp = `${file}.${process.pid}.${++writes}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, file);
    return file;
  }
}
