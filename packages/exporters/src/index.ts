// @concord/exporters: pure, streaming formatters (SPEC.md). Plain ExportItems in, files out; no I/O of their own.
export { formatIds, noRows, splits } from './types.ts';
export type { ExportFile, ExportItem, ExportMedium, ExportSink, FormatId, FormatOptions, FormatResult, Formatter, RowProvenance, SkippedItem, Split } from './types.ts';
export { concordColumn, createJsonlWriter, createMemorySink, createSplitOutput, fromList, provenanceSidecar, splitPath, toJson, writeJsonArray } from './common/index.ts';
export type { ConcordColumn, ConcordField, MemorySink, RowWriter, SplitOutput, SplitOutputOptions } from './common/index.ts';
export { formatters } from './formatters.ts';
export * from './instruction/index.ts';
export * from './preference/index.ts';
export * from './vision/index.ts';
export * from './interchange/index.ts';
export * from './card/index.ts';
