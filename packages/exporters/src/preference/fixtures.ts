// Test fixture of the preference formats (plain views, built directly): not exported by the package.
import { defaultConfig, type JudgementView, type PreferenceDoc, type Strength } from '@concord/annotation-doc';
import { awkward, medium, provenance } from '../instruction/fixtures.ts';
import type { ExportItem, ExportMedium } from '../types.ts';

/** Judgement of a pairwise item. */
export function pairwise(choice: string, strength: Strength | null): JudgementView {
  return { mode: 'pairwise', choice, strength, ranks: {}, ranking: [] };
}

/** Judgement of a ranking item (response id → rank, 1 best, in canonical response order). */
export function ranking(ranks: Record<string, number>): JudgementView {
  const values = [...new Set(Object.values(ranks))].sort((a, b) => a - b);
  return { mode: 'ranking', choice: null, strength: null, ranks, ranking: values.map((v) => Object.keys(ranks).filter((id) => ranks[id] === v)) };
}

/** A preference export item. */
export function preferenceItem(
  itemId: string,
  split: ExportItem['split'],
  prompt: string,
  responses: string[],
  judgement: JudgementView,
  { media = [], scores = {} }: { media?: ExportMedium[]; scores?: PreferenceDoc['scores'] } = {},
): ExportItem {
  return {
    itemId,
    externalId: `ext-${itemId}`,
    split,
    tags: [],
    gold: false,
    annotation: {
      taskType: 'preference',
      meta: { schemaVersion: 1, itemId, configVersion: 3 },
      prompt: { text: prompt, media: media.map((m) => m.mediaId) },
      responses: responses.map((text, i) => ({ id: `r${i + 1}`, modelId: `model-${i + 1}`, text })),
      judgement,
      scores,
      rationale: 'Because.',
      quotes: [],
    },
    media: Object.fromEntries(media.map((m) => [m.mediaId, m])),
    config: defaultConfig('preference'),
    provenance: provenance('ann_2'),
  };
}

/** The fixed fixture: pairwise, a ranking with ties, a vision pairwise item, an all-tied ranking. */
export function preferenceFixture(): ExportItem[] {
  return [
    preferenceItem('itm_p1', 'train', `Name a bird ${awkward}`, ['A cat.', `A parrot 🦜 ${awkward}`], pairwise('r2', 'better'), {
      scores: { r1: { accuracy: 2 }, r2: { accuracy: 6 } },
    }),
    preferenceItem('itm_p2', 'train', 'Sum 2+2.', ['4', 'Four.', '2+2=4', '5'], ranking({ r1: 1, r2: 2, r3: 2, r4: 3 }), {
      scores: { r1: { accuracy: 7, helpfulness: 5 }, r4: { accuracy: 1 } },
    }),
    preferenceItem('itm_p3', 'validation', 'What is in both pictures?', ['Two dogs.', 'A dog and a cat.'], pairwise('r1', 'significantly_better'), {
      media: [medium('med_p', 'image/png'), medium('med_q', 'image/jpeg')],
    }),
    preferenceItem('itm_p4', 'test', 'Pick one.', ['x', 'y'], ranking({ r1: 1, r2: 1 })),
  ];
}
