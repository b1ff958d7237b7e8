/**
 * Tile keys and the kind-level codec live in the summary core (src/stats/core/summary-codec.ts):
 * tiles, references and windows encode and decode with the same one.
 */
export * from '../../stats/core/summary-codec.js';
