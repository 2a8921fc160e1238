/**
 * Quarto's `transpose`: columns (`{x: [1, 2], y: [3, 4]}`, as R and Python hand data to OJS)
 * become rows (`[{x: 1, y: 3}, {x: 2, y: 4}]`), as Plot and most JavaScript libraries want.
 *
 * @param columns - an object of equally long arrays.
 * @returns one object per row.
 * @throws Error naming the column when the columns are not arrays of one length.
 * @example
 * transpose({ x: [1, 2], y: [3, 4] }); // [{ x: 1, y: 3 }, { x: 2, y: 4 }]
 */
export function transpose(columns: Record<string, ArrayLike<unknown>>): Record<string, unknown>[] {
  if (columns === null || typeof columns !== 'object') throw new Error(`transpose: expected an object of columns, received ${columns === null ? 'null' : typeof columns}`);
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]]?.length : 0;
  for (const name of names) {
    const column = columns[name];
    if (column === null || typeof column !== 'object' || typeof column.length !== 'number') throw new Error(`transpose: column ${name} is not an array`);
    if (column.length !== n) throw new Error(`transpose: column ${name} has ${column.length} values, ${names[0]} has ${n}`);
  }
  return Array.from({ length: n ?? 0 }, (_, i) => Object.fromEntries(names.map((name) => [name, columns[name][i]])));
}
