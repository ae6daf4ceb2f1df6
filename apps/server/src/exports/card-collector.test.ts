import { defaultConfig, type AlignmentDoc, type FieldProvenance } from '@concord/annotation-doc';
import type { ExportItem, Split } from '@concord/exporters';
import { workflowSettingsSchema, type MetricValue, type SliceAgreement } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { createCardCollector } from './card-collector.ts';
import { qualityEntries, stagesOf } from './card-input.ts';

const field = (kind: FieldProvenance['kind']): FieldProvenance => ({ kind, authors: [], editedBy: [], humanShare: kind === 'human_written' ? 1 : 0 });

function alignmentItem(n: number, split: Split, tags: string[], agreement: number | null): ExportItem {
  const annotation = {
    taskType: 'alignment',
    image: { mediaId: 'med_a', width: 10, height: 10 },
    caption: n % 2 === 0 ? 'A cat.' : '',
    regions: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, label: 'cat', shape: null, order: i })),
    links: [],
    vqa: [],
    descriptions: [],
  } as unknown as AlignmentDoc;
  return {
    itemId: `itm_${n}`,
    externalId: `x${n}`,
    split,
    tags,
    gold: false,
    annotation,
    media: { med_a: { mediaId: 'med_a', kind: 'image', path: 'media/med_a.png', url: null, contentType: 'image/png', width: 10, height: 10 } },
    config: defaultConfig('alignment'),
    provenance: {
      annotators: [`ann_${n % 2}`],
      configVersion: 1 + (n % 2),
      reviewOutcome: 'accepted',
      fields: { caption: field('model_then_human_edited'), 'regions.r0': field('human_written'), image: field('source') },
      agreement,
    },
  };
}

describe('the dataset card counters', () => {
  it('[X13] count items per split and slice, unit kinds, config versions, annotators and the provenance mix, with bounded state', () => {
    const collector = createCardCollector();
    collector.add(alignmentItem(2, 'train', ['street', 'night'], 0.5));
    collector.add(alignmentItem(1, 'test', ['street'], null));
    collector.add(alignmentItem(3, 'train', ['night', 'night'], null));
    collector.remove('train', ['night', 'night'], false);
    const counts = collector.counts();
    expect(counts.itemsBySplit).toEqual({ train: 1, validation: 0, test: 1 });
    expect(Object.fromEntries(counts.slices)).toEqual({ street: 2, night: 1 });
    // Unit kinds come from every item handed to the format (the skipped one too, said in Known gaps).
    expect(counts.types).toEqual([
      { name: 'regions', count: 6 },
      { name: 'captions', count: 1 },
    ]);
    expect(counts.configVersions).toEqual([1, 2]);
    expect(counts.annotatorCount).toBe(2);
    expect(counts.hasImages).toBe(true);
    expect(counts.provenanceMix).toEqual({ human: 0.5, model: 0, modelThenEdited: 0.5 });
    expect(counts.withoutAgreement).toBe(1);
    expect(counts.mediaWithoutFile).toBe(0);
  });

  it('[X13] workflow stages follow the settings', () => {
    expect(stagesOf(workflowSettingsSchema.parse({}))).toEqual(['annotate', 'review']);
    expect(stagesOf(workflowSettingsSchema.parse({ labeling: 'blind', overlap: 2, review: false, qaSamplePercent: 10, managerAcceptance: true }))).toEqual([
      'annotate',
      'qa (10% sample and disputed items)',
      'manager acceptance',
    ]);
    expect(stagesOf(workflowSettingsSchema.parse({ labeling: 'blind', overlap: 3, review: false }))).toEqual(['annotate', 'qa (disputed items)']);
  });

  it('[X15] quality entries are the report headlines as they are, the overall one first', () => {
    const headline = (value: number | null, ci: [number, number] | null): MetricValue => ({
      metric: 'cohen_kappa', value, ci, units: 4, raters: 2, percentAgreement: 0.75, prevalence: null, explain: '',
    });
    const slice = (name: string, h: MetricValue): SliceAgreement => ({ slice: name, items: 2, annotations: 4, headline: h, fields: [], gold: null });
    expect(qualityEntries({ overall: slice('*', headline(0.30000000000000004, [0.1, 0.9])), slices: [slice('safety', headline(null, null))] })).toEqual([
      { slice: 'all items', metric: 'cohen_kappa', value: 0.30000000000000004, ci: [0.1, 0.9], units: 'kappa' },
      { slice: 'safety', metric: 'cohen_kappa', value: null, ci: null, units: 'kappa' },
    ]);
  });
});
