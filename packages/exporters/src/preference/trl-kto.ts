import type { ResponseView } from '@concord/annotation-doc';
import { createSplitOutput } from '../common/output.ts';
import type { Formatter } from '../types.ts';
import { preferenceExamples, scoresOf, type PreferenceExample } from './pairs.ts';
import { assistantAnswer, trlRowStyle, userPrompt, type TrlStyle } from './trl-prompt.ts';

/** Options of {@link createTrlKtoFormatter}. */
export interface TrlKtoOptions {
  /** Same as TRL DPO [P4]. */
  style?: TrlStyle;
}

interface Labelled {
  response: ResponseView;
  label: boolean;
  rank: number | null;
}

/**
 * [P7] Unpaired labels. Pairwise: the chosen response true, every other false. Ranking: a response is true
 * when fewer ranked responses beat it than it beats, false when more do; a response with as many above as
 * below (the middle of an odd ranking, or ties across the middle) is left out.
 */
export function ktoLabels(example: PreferenceExample): Labelled[] {
  const { doc, mode, pairs } = example;
  if (mode === 'pairwise') {
    const first = pairs[0];
    if (!first) return [];
    return [{ response: first.chosen, label: true, rank: null }, ...pairs.map((p) => ({ response: p.rejected, label: false, rank: null }))];
  }
  const ranks = doc.judgement.ranks;
  const ranked = doc.judgement.ranking.flat().flatMap((id) => doc.responses.filter((r) => r.id === id));
  return ranked.flatMap((response) => {
    const rank = ranks[response.id] ?? 0;
    const above = ranked.filter((r) => (ranks[r.id] ?? 0) < rank).length;
    const below = ranked.filter((r) => (ranks[r.id] ?? 0) > rank).length;
    return above === below ? [] : [{ response, label: above < below, rank }];
  });
}

/**
 * [P7] TRL KTO JSONL (`<split>/data.jsonl`): `{ prompt, completion, label }` per labelled response, standard
 * or conversational like DPO (P4, `images` on conversational rows). Extra columns: `rank`, `strength`
 * (pairwise), `scores`. Provenance: the `concord` column.
 */
export function createTrlKtoFormatter({ style = 'auto' }: TrlKtoOptions = {}): Formatter {
  return {
    id: 'trl-kto',
    taskTypes: ['preference'],
    async write(items, sink, options) {
      const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'column', options });
      for await (const { item, example, conversational } of preferenceExamples(items, out, (e) => trlRowStyle(style, e.images))) {
        const { doc, prompt, images, mode } = example;
        const labelled = ktoLabels(example);
        if (labelled.length === 0) {
          out.skip(item, 'no response is above or below the middle of the ranking');
          continue;
        }
        for (const { response, label, rank } of labelled) {
          const texts = conversational
            ? { prompt: userPrompt(prompt, images), completion: assistantAnswer(response.text), images: images.map((i) => i.path) }
            : { prompt, completion: response.text };
          await out.add(item, {
            ...texts,
            label,
            rank,
            strength: mode === 'pairwise' ? doc.judgement.strength : null,
            scores: scoresOf(doc, response.id),
          });
        }
        out.useMedia(images.map((image) => image.mediaId));
      }
      return out.finish();
    },
  };
}

/** The `trl-kto` formatter with the default style (`auto`). */
export const trlKtoFormatter: Formatter = createTrlKtoFormatter();
