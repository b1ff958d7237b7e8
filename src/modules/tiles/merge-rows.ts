/** Stored rows merged key by key: in the summary core (src/stats/core/merge-rows.ts). */
export * from '../../stats/core/merge-rows.js';
