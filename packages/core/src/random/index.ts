/** Seeded randomness that is the same on every backend: seeds derived from one base seed. */
export { normalArray } from './normal.js';
export { permutationArray } from './permutation.js';
export { splitSeed } from './split-seed.js';
export { uniformArray } from './uniform.js';
