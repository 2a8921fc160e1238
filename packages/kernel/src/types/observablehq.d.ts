// Minimal typings for the parts of @observablehq/runtime and @observablehq/parser the kernel uses
// (neither package ships types).
declare module '@observablehq/runtime' {
  export interface Observer {
    pending?(): void;
    fulfilled?(value: unknown, name?: string | null): void;
    rejected?(error: unknown, name?: string | null): void;
  }
  export class Variable {
    define(name: string | null, inputs: readonly string[], definition: unknown): Variable;
    delete(): Variable;
    readonly _name: string | null;
    _value: unknown;
  }
  export class Module {
    variable(observer?: Observer | boolean, options?: unknown): Variable;
    define(name: string, inputs: readonly string[], definition: unknown): Variable;
    redefine(name: string, inputs: readonly string[], definition: unknown): Variable;
    value(name: string): Promise<unknown>;
    builtin(name: string, value: unknown): void;
    readonly _scope: Map<string, Variable>;
  }
  export class Runtime {
    constructor(builtins?: Record<string, unknown>, global?: (name: string) => unknown);
    module(): Module;
    dispose(): void;
    _compute(): Promise<void>;
    readonly _computing: Promise<void> | null;
    readonly _updates: Set<unknown>;
    readonly _dirty: Set<unknown>;
  }
  export class RuntimeError extends Error {
    constructor(message: string, input?: string);
    input?: string;
  }
}

declare module '@observablehq/parser' {
  export interface Node {
    type: string;
    start: number;
    end: number;
    [key: string]: unknown;
  }
  export interface Identifier extends Node {
    name: string;
  }
  export interface Cell extends Node {
    id: (Node & { name?: string; id?: Identifier }) | null;
    body: Node | null;
    async: boolean;
    generator: boolean;
    references: Array<Node & { name?: string; id?: Identifier }>;
    fileAttachments: Map<string, unknown>;
  }
  export function parseCell(input: string, options?: Record<string, unknown>): Cell;
  export function peekId(input: string): string | undefined;
  /** acorn's Parser with Observable's cell grammar (its methods are acorn's). */
  export class CellParser {
    constructor(options: Record<string, unknown>, input: string, startPos?: number);
  }
}

declare module '@observablehq/stdlib' {
  /** Observable's standard library: each property a builtin (namespaces as they are, others as definitions). */
  export class Library {
    constructor(resolver?: unknown);
    readonly DOM: Record<string, (...args: never[]) => unknown>;
    readonly Files: Record<string, (...args: never[]) => unknown>;
    readonly Generators: Record<string, (...args: never[]) => unknown>;
    readonly Promises: Record<string, (...args: never[]) => unknown>;
  }
  /** The base class of file attachments: `csv`, `tsv`, `json`, `text`, `arrow`, `image`, `zip`, … over `url()`/`arrayBuffer()`. */
  export class AbstractFile {
    constructor(name: string, mimeType?: string);
    readonly name: string;
    readonly mimeType?: string;
    url(): Promise<string>;
    blob(): Promise<Blob>;
    arrayBuffer(): Promise<ArrayBuffer>;
    text(): Promise<string>;
    json(): Promise<unknown>;
    csv(options?: { array?: boolean; typed?: boolean | 'auto' }): Promise<unknown>;
    tsv(options?: { array?: boolean; typed?: boolean | 'auto' }): Promise<unknown>;
    image(props?: Record<string, unknown>): Promise<unknown>;
    zip(): Promise<unknown>;
  }
  export function FileAttachments(resolve: (name: string) => unknown): (name: string) => AbstractFile;
}

declare module '@observablehq/inputs' {
  const Inputs: Record<string, (...args: never[]) => unknown>;
  export = Inputs;
}

declare module 'd3' {
  const d3: Record<string, unknown>;
  export = d3;
}

declare module 'vega-lite-api' {
  const vl: Record<string, unknown> & { register(vega: unknown, vegaLite: unknown, options?: unknown): unknown };
  export = vl;
}
