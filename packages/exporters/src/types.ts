import type { AnnotationDoc, FieldProvenance, ProjectConfig } from '@concord/annotation-doc';
import { exportFormats, type ExportFormat } from '@concord/protocol';

/** Format ids of the CLI and the API: the protocol's list, one source for server, web and formatters. */
export const formatIds = exportFormats;
export type FormatId = ExportFormat;

export const splits = ['train', 'validation', 'test'] as const;
export type Split = (typeof splits)[number];

/** Zero rows in every split (a formatter's starting count). */
export const noRows = (): Record<Split, number> => ({ train: 0, validation: 0, test: 0 });

/** A medium as the export refers to it: a path relative to the export root (copied in) and/or a URL. */
export interface ExportMedium {
  mediaId: string;
  kind: 'image' | 'audio';
  /** e.g. `images/med_x.png`; null when the format references media by URL only. */
  path: string | null;
  /** An https or data: URL, for formats that want URLs (OpenAI); null when not available. */
  url: string | null;
  contentType: string;
  width: number | null;
  height: number | null;
}

/** Provenance that travels with every exported row (export-formats.md, last section). */
export interface RowProvenance {
  /** Pseudonymous annotator ids, stable per export key. */
  annotators: string[];
  configVersion: number;
  /** `accepted` after review / QA, or the final state the filter let through. */
  reviewOutcome: string;
  /** Field path → provenance, with pseudonymous author ids. */
  fields: Record<string, FieldProvenance>;
  /** The item's agreement where measured (headline metric), else null. */
  agreement: number | null;
}

/**
 * One annotated item, plain: what every formatter takes. The server builds it from the item's final
 * document (readDoc), its media and provenance; formatters never do I/O.
 */
export interface ExportItem {
  itemId: string;
  externalId: string;
  split: Split;
  tags: string[];
  gold: boolean;
  annotation: AnnotationDoc;
  /** mediaId → medium (every medium the annotation refers to). */
  media: Record<string, ExportMedium>;
  config: ProjectConfig;
  provenance: RowProvenance;
}

/** Where a formatter writes: text files by relative path, opened once, written in order, closed. */
export interface ExportSink {
  open(path: string): ExportFile;
}

export interface ExportFile {
  write(chunk: string): Promise<void>;
  close(): Promise<void>;
}

/** Why an item could not be written in a format (the export reports them, it does not stop). */
export interface SkippedItem {
  itemId: string;
  reason: string;
}

/** What a formatter wrote. */
export interface FormatResult {
  rows: number;
  /** Rows per split (they add up to `rows`; the dataset card's split table). */
  rowsBySplit: Record<Split, number>;
  files: string[];
  skipped: SkippedItem[];
  /** mediaIds the caller must copy to their `path` (formats that embed files). */
  media: string[];
}

/**
 * A training-data format: streams items (any number; constant memory) into the sink.
 * @example const result = await formatters['trl-dpo'].write(items, sink, { provenance: true });
 */
export interface Formatter {
  id: FormatId;
  taskTypes: readonly ('instruction' | 'preference' | 'alignment')[];
  write(items: AsyncIterable<ExportItem>, sink: ExportSink, options: FormatOptions): Promise<FormatResult>;
}

export interface FormatOptions {
  /** Add the provenance columns to each row (default true; off for strict consumers). */
  provenance: boolean;
}
