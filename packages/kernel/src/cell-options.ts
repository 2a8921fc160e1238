import { parse as parseYaml } from 'yaml';

/**
 * How a cell is run and shown, with Quarto's names. Options come from the fence's info string
 * (```` ```js echo=false cache ````, ```` ```{ojs echo=false} ````) and from `//| key: value` (or
 * `#| key: value`) comment lines at the top of the cell, whose values are YAML; a comment line
 * wins over the info string. Option lines are not part of the cell's source: they neither run nor
 * show. Every option is optional; the defaults are the ones each field names.
 */
export interface CellOptions {
  /**
   * `true` (```` ```js cache ````) caches the cell's value; `false` (```` ```js nocache ````) never
   * does; `undefined` caches it when its source calls `train(` (a training run).
   */
  readonly cache?: boolean;
  /**
   * Whether the cell's source is shown: `true` (the default; Quarto's `fenced` too), `false`
   * (hidden, the output still shows), or `'fold'` (collapsed behind a toggle; Quarto's
   * `code-fold: true` means the same).
   */
  readonly echo?: boolean | 'fold';
  /** Whether the cell's value is shown (default true); `false` runs the cell and shows only its source. */
  readonly output?: boolean;
  /** `false` runs the cell but shows nothing of it, neither source nor value (plumbing cells). Default true. */
  readonly include?: boolean;
  /**
   * `false` shows the code without running it (Quarto's `eval: false`, Framework's `run=false`).
   * Default true.
   */
  readonly eval?: boolean;
  /**
   * Where the cell's output goes, as Quarto's `panel`: `'input'` (gathered into the inputs panel),
   * `'sidebar'` (a sticky side panel), `'center'` or `'fill'`. Default: in the flow of the page.
   */
  readonly panel?: CellPanel;
  /** A label naming the cell (`//| label: fig-loss`, or `#fig-loss` in the info string). */
  readonly label?: string;
  /** Any other option, as written (e.g. `fig-cap`), for hosts that understand it. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** The values of {@link CellOptions.panel}. */
export type CellPanel = 'input' | 'sidebar' | 'center' | 'fill';

const PANELS: readonly CellPanel[] = ['input', 'sidebar', 'center', 'fill'];

/** A fence's info string, read: the language and the options written after it. */
export interface FenceInfo {
  /** The language, lower case: `js`, `ojs` (for `{ojs}` and `ojs`), `javascript`, `python`, … */
  readonly language: string;
  /** Whether the language was written in braces (```` ```{ojs} ````), as Quarto's executable cells are. */
  readonly braced: boolean;
  /** The options given in the info string, unchecked (see {@link checkOptions}). */
  readonly options: Record<string, unknown>;
}

function yamlValue(text: string): unknown {
  const unquoted = /^(["'])(.*)\1$/.exec(text);
  if (unquoted) return unquoted[2];
  try {
    return parseYaml(text);
  } catch {
    return text;
  }
}

/**
 * Reads a fence's info string: ```` ```js echo=false cache ````, ```` ```{ojs} ````,
 * ```` ```{ojs echo=false, #fig-a} ````, ```` ```js echo ```` (Framework: a bare key is true),
 * ```` ```js nocache ```` (cache false).
 *
 * @param info - the text after the opening backticks.
 * @returns the language, whether it was braced, and the options as written.
 * @example
 * readFenceInfo('{ojs echo=false}'); // { language: 'ojs', braced: true, options: { echo: false } }
 */
export function readFenceInfo(info: string): FenceInfo {
  let text = info.trim();
  const braced = /^\{[^}]*\}/.exec(text);
  if (braced) text = `${braced[0].slice(1, -1)} ${text.slice(braced[0].length)}`;
  const words = text.split(/[\s,]+/).filter(Boolean);
  const language = (words.shift() ?? '').toLowerCase();
  const options: Record<string, unknown> = {};
  for (const word of words) {
    if (word === 'nocache') options.cache = false;
    else if (word.startsWith('#') && word.length > 1) options.label = word.slice(1);
    else if (word.startsWith('.')) continue; // a class, as in {ojs .foo}: nothing to do
    else {
      const eq = word.indexOf('=');
      if (eq < 0) options[word] = true;
      else options[word.slice(0, eq)] = yamlValue(word.slice(eq + 1));
    }
  }
  return { language, braced: braced !== null, options };
}

/** A line of options: `//| echo: false` or `#| echo: false` (internal). */
const OPTION_LINE = /^[ \t]*(?:\/\/|#)\|[ \t]?(.*)$/;

/**
 * Splits the option lines off the top of a cell's code.
 *
 * @param code - the fence's content.
 * @returns the options' YAML text, and how many characters the option lines take (with their line
 *   ends), so the code that runs starts at `code.slice(length)`.
 * @example
 * optionLines('//| echo: false\nx = 1'); // { yaml: 'echo: false', length: 16 }
 */
export function optionLines(code: string): { yaml: string; length: number } {
  const lines: string[] = [];
  let at = 0;
  for (;;) {
    const nl = code.indexOf('\n', at);
    const line = code.slice(at, nl < 0 ? code.length : nl);
    const m = OPTION_LINE.exec(line.replace(/\r$/, ''));
    if (!m) break;
    lines.push(m[1]);
    at = nl < 0 ? code.length : nl + 1;
    if (nl < 0) break;
  }
  return { yaml: lines.join('\n'), length: at };
}

/**
 * Checks options written in a fence or in option lines and gives them their types.
 *
 * @param raw - the options as written (`{ echo: 'fold', 'code-fold': true, panel: 'input' }`).
 * @returns the options, or the first problem as a message naming the option, what it takes and what it got.
 * @example
 * checkOptions({ echo: false, 'fig-cap': 'Loss' }); // { options: { echo: false, extra: { 'fig-cap': 'Loss' } } }
 */
export function checkOptions(raw: Record<string, unknown>): { options: CellOptions; error?: string } {
  const options: { -readonly [K in keyof CellOptions]: CellOptions[K] } = {};
  const extra: Record<string, unknown> = {};
  const bad = (key: string, expected: string): { options: CellOptions; error: string } => ({
    options,
    error: `cell option ${key} must be ${expected}, received ${JSON.stringify(raw[key])}`,
  });
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'cache':
      case 'output':
      case 'include':
      case 'eval':
        // Quarto's `output: asis` and `output: all` show the output: `true` here.
        if (key === 'output' && (value === 'asis' || value === 'all')) options.output = true;
        else if (typeof value !== 'boolean') return bad(key, 'true or false');
        else options[key] = value;
        break;
      case 'run': // Observable Framework's name for eval
        if (typeof value !== 'boolean') return bad(key, 'true or false');
        options.eval = value;
        break;
      case 'echo':
        // Quarto's `fenced` shows the code with its fence and options: shown, as `true`.
        if (typeof value !== 'boolean' && value !== 'fold' && value !== 'fenced') return bad(key, "true, false, 'fold' or 'fenced'");
        options.echo = value === 'fenced' ? true : value;
        break;
      case 'code-fold':
        if (typeof value !== 'boolean' && value !== 'show') return bad(key, "true, false or 'show'");
        if (value === true && options.echo !== false) options.echo = 'fold';
        break;
      case 'panel':
        if (!PANELS.includes(value as CellPanel)) return bad(key, PANELS.map((p) => `'${p}'`).join(', ').replace(/, ([^,]*)$/, ' or $1'));
        options.panel = value as CellPanel;
        break;
      case 'label':
        if (typeof value !== 'string' || value === '') return bad(key, 'a non-empty string');
        options.label = value;
        break;
      default:
        extra[key] = value;
    }
  }
  if (Object.keys(extra).length > 0) options.extra = extra;
  return { options };
}

/**
 * A cell's options from its fence's info string and its option lines (which win).
 *
 * @param fence - the options from {@link readFenceInfo}.
 * @param yaml - the option lines' text from {@link optionLines} (default none).
 * @returns the checked options, or the problem (bad YAML, a wrong value) as a message.
 * @example
 * cellOptions({ cache: true }, 'echo: fold'); // { options: { cache: true, echo: 'fold' } }
 */
export function cellOptions(fence: Record<string, unknown>, yaml = ''): { options: CellOptions; error?: string } {
  let lines: unknown = null;
  if (yaml.trim()) {
    try {
      lines = parseYaml(yaml);
    } catch (error) {
      return { options: {}, error: `cell options (//| lines) are not valid YAML: ${(error as Error).message.split('\n')[0]}` };
    }
    if (lines !== null && (typeof lines !== 'object' || Array.isArray(lines))) {
      return { options: {}, error: `cell options (//| lines) must be key: value lines, received ${JSON.stringify(lines)}` };
    }
  }
  return checkOptions({ ...fence, ...(lines as Record<string, unknown> | null) });
}
