/** One conformance case: its `id`, its `kind` (see README.md), inputs, `expected` and `tolerance`. */
export interface ConformanceCase {
  id: string;
  kind: string;
  tolerance: { rtol: number; atol: number };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/**
 * The folders cases are read from: the repository's own `conformance/cases/`, then the shared
 * folder's `conformance/cases/` when it exists (`GRADBOOK_SHARED`, else `shared/` beside the checkout).
 */
export declare function caseDirs(): string[];

/**
 * Every case of every folder, by id. A case found in two folders must be identical in both;
 * otherwise this throws, naming the id and both files.
 */
export declare function loadCases(): ConformanceCase[];

/** The union of the cases in `dirs`, sorted by id (what {@link loadCases} reads). */
export declare function readCases(dirs: string[]): ConformanceCase[];

/** One case by id; throws naming the folders searched when there is none. */
export declare function loadCase(id: string): ConformanceCase;

/** Every case of one kind, sorted by id. */
export declare function casesOfKind(kind: string): ConformanceCase[];
