import type { ExportItem } from '../types.ts';

/** One field's provenance in an exported row. */
export interface ConcordField {
  kind: string;
  model_id?: string;
}

/** [E4] The `concord` provenance object of an exported row (snake_case like the rows around it). */
export interface ConcordColumn {
  item_id: string;
  external_id: string;
  annotators: string[];
  config_version: number;
  review_outcome: string;
  agreement: number | null;
  fields: Record<string, ConcordField>;
}

/** [E4] Builds the `concord` object of an item: pseudonymous ids only, field paths sorted. */
export function concordColumn(item: ExportItem): ConcordColumn {
  const fields: Record<string, ConcordField> = {};
  for (const path of Object.keys(item.provenance.fields).sort()) {
    const field = item.provenance.fields[path];
    if (!field) continue;
    fields[path] = field.modelId === undefined ? { kind: field.kind } : { kind: field.kind, model_id: field.modelId };
  }
  return {
    item_id: item.itemId,
    external_id: item.externalId,
    annotators: [...item.provenance.annotators],
    config_version: item.provenance.configVersion,
    review_outcome: item.provenance.reviewOutcome,
    agreement: item.provenance.agreement,
    fields,
  };
}
