import { createSplitOutput } from '../common/output.ts';
import type { Formatter } from '../types.ts';
import { preferenceExamples, scoresOf } from './pairs.ts';
import { assistantAnswer, trlRowStyle, userPrompt, type TrlStyle } from './trl-prompt.ts';

/** Options of {@link createTrlDpoFormatter}. */
export interface TrlDpoOptions {
  /** [P4] `auto` (default): standard rows for text prompts, conversational rows with `images` for image prompts. */
  style?: TrlStyle;
}

/**
 * [P4–P6] TRL DPO / reward JSONL (`<split>/data.jsonl`), one row per pair (P1–P2). Standard rows:
 * `{ prompt, chosen, rejected }` strings; conversational rows: `prompt` a user message with one image part per
 * image, `chosen` / `rejected` one assistant message each, plus `images` (paths; `[]` without images).
 * Extra columns on every row: `margin` (P3), `strength`, `chosen_rank`, `rejected_rank`, `chosen_scores`,
 * `rejected_scores` (rubric criterion → score). Provenance: the `concord` column.
 */
export function createTrlDpoFormatter({ style = 'auto' }: TrlDpoOptions = {}): Formatter {
  return {
    id: 'trl-dpo',
    taskTypes: ['preference'],
    async write(items, sink, options) {
      const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'column', options });
      for await (const { item, example, conversational } of preferenceExamples(items, out, (e) => trlRowStyle(style, e.images))) {
        const { doc, prompt, images, pairs } = example;
        for (const pair of pairs) {
          const texts = conversational
            ? { prompt: userPrompt(prompt, images), chosen: assistantAnswer(pair.chosen.text), rejected: assistantAnswer(pair.rejected.text), images: images.map((i) => i.path) }
            : { prompt, chosen: pair.chosen.text, rejected: pair.rejected.text };
          await out.add(item, {
            ...texts,
            margin: pair.margin,
            strength: pair.strength,
            chosen_rank: pair.chosenRank,
            rejected_rank: pair.rejectedRank,
            chosen_scores: scoresOf(doc, pair.chosen.id),
            rejected_scores: scoresOf(doc, pair.rejected.id),
          });
        }
        out.useMedia(images.map((image) => image.mediaId));
      }
      return out.finish();
    },
  };
}

/** The `trl-dpo` formatter with the default style (`auto`). */
export const trlDpoFormatter: Formatter = createTrlDpoFormatter();
