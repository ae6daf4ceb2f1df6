import { noRows, type ExportItem, type ExportSink, type FormatOptions, type FormatResult, type SkippedItem, type Split } from '../types.ts';
import { concordColumn } from './provenance.ts';
import { createJsonlWriter, writeJsonArray, type RowWriter } from './writers.ts';

/** Name of the provenance sidecar written next to the data file of strict formats [E5]. */
export const provenanceSidecar = 'provenance.jsonl';

/** Options of {@link createSplitOutput}. */
export interface SplitOutputOptions {
  sink: ExportSink;
  /** File name inside each split folder, e.g. `data.jsonl` or `data.json`. */
  name: string;
  /** `jsonl` (one row per line) or `array` (one streamed JSON array). */
  layout: 'jsonl' | 'array';
  /** `column`: a `concord` key in each row; `sidecar`: `<split>/provenance.jsonl` keyed by row index [E5]. */
  provenanceStyle: 'column' | 'sidecar';
  options: FormatOptions;
}

/** Per-split output of a formatter: opens files lazily, adds provenance, counts rows and skips. */
export interface SplitOutput {
  /** Writes one row of `item` to its split's file (with provenance when the options ask). */
  add(item: ExportItem, row: Record<string, unknown>): Promise<void>;
  /** Records that `item` cannot be written in this format [E6]. */
  skip(item: ExportItem, reason: string): void;
  /** Media ids the caller must copy (deduplicated, in first-use order). */
  useMedia(mediaIds: readonly string[]): void;
  /** Closes every opened file and reports what was written. */
  finish(): Promise<FormatResult>;
}

/**
 * [E3] Files per split: `<split>/<name>` (`train/data.jsonl`, `validation/data.jsonl`, `test/data.jsonl`),
 * opened on the split's first row, so a split without rows has no file.
 */
export function splitPath(split: Split, name: string): string {
  return `${split}/${name}`;
}

/**
 * Creates the per-split output shared by the row formats.
 * @example const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'column', options });
 */
export function createSplitOutput({ sink, name, layout, provenanceStyle, options }: SplitOutputOptions): SplitOutput {
  const data = new Map<Split, RowWriter>();
  const sidecars = new Map<Split, RowWriter>();
  const files: string[] = [];
  const skipped: SkippedItem[] = [];
  const media = new Set<string>();
  let rows = 0;
  const rowsBySplit = noRows();

  function writerFor(map: Map<Split, RowWriter>, split: Split, file: string, array: boolean): RowWriter {
    let writer = map.get(split);
    if (!writer) {
      const path = splitPath(split, file);
      const opened = sink.open(path);
      writer = array ? writeJsonArray(opened) : createJsonlWriter(opened);
      map.set(split, writer);
      files.push(path);
    }
    return writer;
  }

  return {
    async add(item, row) {
      const writer = writerFor(data, item.split, name, layout === 'array');
      const index = writer.rows;
      if (options.provenance && provenanceStyle === 'column') {
        await writer.write({ ...row, concord: concordColumn(item) });
      } else {
        await writer.write(row);
        if (options.provenance) await writerFor(sidecars, item.split, provenanceSidecar, false).write({ row: index, concord: concordColumn(item) });
      }
      rows += 1;
      rowsBySplit[item.split] += 1;
    },
    skip(item, reason) {
      skipped.push({ itemId: item.itemId, reason });
    },
    useMedia(mediaIds) {
      for (const id of mediaIds) media.add(id);
    },
    async finish() {
      for (const writer of [...data.values(), ...sidecars.values()]) await writer.close();
      return { rows, rowsBySplit, files, skipped, media: [...media] };
    },
  };
}
