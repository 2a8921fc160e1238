import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where Gradbook's own packages are installed: the kernel's folder (its node_modules and those above). */
const GRADBOOK = path.dirname(fileURLToPath(import.meta.url));

/** `d3@7`, `npm:d3@7/dist/d3.js`, `@scope/name@1/sub` split into the package name and the subpath (internal). */
export function parseSpecifier(specifier: string): { name: string; subpath: string } {
  const bare = specifier.replace(/^npm:/, '');
  const m = /^((?:@[^/@]+\/)?[^/@]+)(?:@[^/]*)?(\/.*)?$/.exec(bare);
  if (!m) throw new Error(`${JSON.stringify(specifier)} is not a package name`);
  return { name: m[1], subpath: m[2] ? `.${m[2]}` : '.' };
}

/** The target of an `exports` entry for ES module imports: `import`, `node`, `default`, … (internal). */
function exportTarget(entry: unknown): string | null {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry)) {
    for (const e of entry) {
      const t = exportTarget(e);
      if (t) return t;
    }
    return null;
  }
  if (entry && typeof entry === 'object') {
    for (const condition of ['import', 'node', 'module', 'default', 'require']) {
      if (condition in entry) {
        const t = exportTarget((entry as Record<string, unknown>)[condition]);
        if (t) return t;
      }
    }
  }
  return null;
}

/** The file a package's subpath resolves to, from its package.json (internal). */
function entryOf(dir: string, subpath: string): string | null {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { exports?: unknown; module?: string; main?: string };
  if (pkg.exports !== undefined) {
    const exp = pkg.exports as Record<string, unknown>;
    const isMap = typeof exp === 'object' && exp !== null && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith('.'));
    const entry = isMap ? exp[subpath] : subpath === '.' ? exp : undefined;
    const target = exportTarget(entry);
    if (target) return path.join(dir, target);
  }
  if (subpath !== '.') {
    const file = path.join(dir, subpath);
    for (const candidate of [file, `${file}.js`, `${file}.mjs`, path.join(file, 'index.js')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    return null;
  }
  const main = path.join(dir, pkg.module ?? pkg.main ?? 'index.js');
  for (const candidate of [main, `${main}.js`, path.join(main, 'index.js')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

/** The package folder `node_modules/<name>` nearest above `from`, or null (internal). */
function packageDir(name: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Imports a locally installed package, as a notebook's `require` and `import` do: from the
 * notebook folder's node_modules (and those above it), then Gradbook's own. Nothing is fetched.
 *
 * @param specifier - `d3`, `d3@7` (the version is ignored: the installed one is used), `npm:htl`,
 *   `@observablehq/plot`, `lodash/fp`.
 * @param dir - the notebook's folder.
 * @returns the module (for a CommonJS package, its `module.exports`).
 * @throws Error for a remote URL (no network), or when the package is not installed, naming the
 *   folders searched (the caller adds which import or require it was).
 */
export async function importPackage(specifier: string, dir: string): Promise<unknown> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(specifier) || specifier.startsWith('//')) {
    throw new Error(`a remote URL, and Gradbook fetches nothing from the network: install the package beside the notebook (npm install <name>) and use its name`);
  }
  const { name, subpath } = parseSpecifier(specifier);
  for (const from of [dir, GRADBOOK]) {
    const pkgDir = packageDir(name, from);
    if (!pkgDir) continue;
    const entry = entryOf(pkgDir, subpath);
    if (!entry) throw new Error(`${name} is installed in ${pkgDir} but has no ${subpath === '.' ? 'entry point' : subpath}`);
    const module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
    const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { type?: string };
    const commonJs = entry.endsWith('.cjs') || (!entry.endsWith('.mjs') && pkg.type !== 'module');
    return commonJs && 'default' in module ? module.default : module;
  }
  throw new Error(`package ${name} is not installed in ${path.join(dir, 'node_modules')} nor in Gradbook's packages; install it beside the notebook (npm install ${name})`);
}
