export { runConvergence } from './convergence.ts';
export type { ConvergenceOptions, ConvergenceResult } from './convergence.ts';
export { createDoc, replicaOf, sampleSeed, syncDocs } from './fixtures.ts';
