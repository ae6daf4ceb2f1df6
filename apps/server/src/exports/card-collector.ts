import type { AnnotationDoc } from '@concord/annotation-doc';
import { splits, type ExportItem, type NamedCount, type ProvenanceMix, type Split } from '@concord/exporters';

/** Counts of one item's annotation units by kind [X13]. */
export function unitCounts(annotation: AnnotationDoc): [string, number][] {
  switch (annotation.taskType) {
    case 'instruction':
      return [
        ['conversation turns', annotation.turns.length],
        ['transcript segments', annotation.transcript.length],
        ['summaries', annotation.summary.trim() === '' ? 0 : 1],
      ];
    case 'preference': {
      const j = annotation.judgement;
      return [
        ['responses', annotation.responses.length],
        ['pairwise judgements', j.choice !== null ? 1 : 0],
        ['responses ranked', Object.keys(j.ranks).length],
        ['criterion scores', Object.values(annotation.scores).reduce((n, byCriterion) => n + Object.keys(byCriterion).length, 0)],
        ['rationales', annotation.rationale.trim() === '' ? 0 : 1],
        ['quotes', annotation.quotes.length],
      ];
    }
    case 'alignment':
      return [
        ['regions', annotation.regions.length],
        ['region links', annotation.links.length],
        ['captions', annotation.caption.trim() === '' ? 0 : 1],
        ['question-answer pairs', annotation.vqa.length],
        ['region descriptions', annotation.descriptions.length],
      ];
  }
}

/** What the collector knows once the formatter is done (before items the format skipped are taken out). */
export interface CollectedCounts {
  itemsBySplit: Record<Split, number>;
  slices: Map<string, number>;
  types: NamedCount[];
  configVersions: number[];
  /** Config version → its guidelines link or a short description, for versions that have guidelines. */
  guidelines: Map<number, string>;
  annotatorCount: number;
  hasImages: boolean;
  provenanceMix: ProvenanceMix;
  /** Fields counted in the mix (human, model, model then edited). */
  fieldsCounted: number;
  /** Items handed to the format whose row agreement is null. */
  withoutAgreement: number;
  /** Media a row refers to that the export neither copied nor embedded (no path, no URL). */
  mediaWithoutFile: number;
}

/**
 * Streams over the ExportItems handed to the formatter and keeps only counters and sets bounded by the
 * number of splits, slices, unit kinds, config versions and annotators, never per-item arrays [X13].
 * @example const collector = createCardCollector(); for (const item of items) collector.add(item); collector.counts();
 */
export function createCardCollector() {
  const itemsBySplit = Object.fromEntries(splits.map((s) => [s, 0])) as Record<Split, number>;
  const slices = new Map<string, number>();
  const types = new Map<string, number>();
  const configVersions = new Set<number>();
  const guidelines = new Map<number, string>();
  const annotators = new Set<string>();
  const fields = { human: 0, model: 0, modelThenEdited: 0 };
  let hasImages = false;
  let mediaWithoutFile = 0;
  let withoutAgreement = 0;

  return {
    /** Counts one item handed to the formatter. */
    add(item: ExportItem): void {
      itemsBySplit[item.split] += 1;
      for (const tag of new Set(item.tags)) slices.set(tag, (slices.get(tag) ?? 0) + 1);
      for (const [kind, n] of unitCounts(item.annotation)) types.set(kind, (types.get(kind) ?? 0) + n);
      configVersions.add(item.provenance.configVersion);
      if (item.provenance.agreement === null) withoutAgreement += 1;
      if (!guidelines.has(item.provenance.configVersion)) {
        const g = item.config.guidelines;
        if (g.url) guidelines.set(item.provenance.configVersion, `config v${item.provenance.configVersion}: ${g.url}`);
        else if (g.text.trim() !== '') guidelines.set(item.provenance.configVersion, `config v${item.provenance.configVersion} (guidelines written in the project configuration)`);
      }
      for (const a of item.provenance.annotators) annotators.add(a);
      for (const field of Object.values(item.provenance.fields)) {
        if (field.kind === 'human_written') fields.human += 1;
        else if (field.kind === 'model_generated') fields.model += 1;
        else if (field.kind === 'model_then_human_edited') fields.modelThenEdited += 1;
      }
      for (const medium of Object.values(item.media)) {
        if (medium.kind === 'image') hasImages = true;
        if (medium.path === null && medium.url === null) mediaWithoutFile += 1;
      }
    },
    /** Takes out an item the formatter skipped (its split, tags, whether it had a row agreement), so counts match `export_items`. */
    remove(split: Split, tags: readonly string[], agreement: boolean): void {
      itemsBySplit[split] -= 1;
      if (!agreement) withoutAgreement -= 1;
      for (const tag of new Set(tags)) {
        const left = (slices.get(tag) ?? 0) - 1;
        if (left > 0) slices.set(tag, left);
        else slices.delete(tag);
      }
    },
    counts(): CollectedCounts {
      const counted = fields.human + fields.model + fields.modelThenEdited;
      const share = (n: number) => (counted === 0 ? 0 : n / counted);
      return {
        itemsBySplit: { ...itemsBySplit },
        slices: new Map(slices),
        types: [...types].filter(([, n]) => n > 0).map(([name, count]) => ({ name, count })),
        configVersions: [...configVersions].sort((a, b) => a - b),
        guidelines: new Map([...guidelines].sort(([a], [b]) => a - b)),
        annotatorCount: annotators.size,
        hasImages,
        provenanceMix: { human: share(fields.human), model: share(fields.model), modelThenEdited: share(fields.modelThenEdited) },
        fieldsCounted: counted,
        withoutAgreement,
        mediaWithoutFile,
      };
    },
  };
}

export type CardCollector = ReturnType<typeof createCardCollector>;
