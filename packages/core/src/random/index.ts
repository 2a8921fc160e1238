/** Seeded randomness that is the same on every backend: seeds derived from one base seed. */
export { splitSeed } from './split-seed.js';
export { uniformArray } from './uniform.js';
