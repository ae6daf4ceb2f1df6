export { createDoc, replicaOf, sampleSeed, syncDocs } from './fixtures.ts';
