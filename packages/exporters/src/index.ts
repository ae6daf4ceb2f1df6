// @concord/exporters: pure, streaming formatters (SPEC.md). Plain ExportItems in, files out; no I/O of their own.
export { formatIds, splits } from './types.ts';
export type { ExportFile, ExportItem, ExportMedium, ExportSink, FormatId, FormatOptions, FormatResult, Formatter, RowProvenance, SkippedItem, Split } from './types.ts';
