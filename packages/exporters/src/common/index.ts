// Common streaming helpers of the formatters (SPEC.md "Common", E1…).
export { toJson } from './json.ts';
export { createJsonlWriter, writeJsonArray, type RowWriter } from './writers.ts';
export { concordColumn, type ConcordColumn, type ConcordField } from './provenance.ts';
export { createSplitOutput, provenanceSidecar, splitPath, type SplitOutput, type SplitOutputOptions } from './output.ts';
export { createMemorySink, fromList, type MemorySink } from './memory-sink.ts';
