import { createSplitOutput } from '../common/output.ts';
import type { Formatter } from '../types.ts';
import { preferenceExamples } from './pairs.ts';

/**
 * [P9] OpenAI preference (DPO) fine-tuning JSONL (`<split>/data.jsonl`), one row per pair (P1–P2):
 * `{ input: { messages: [{ role: "user", content }] }, preferred_output: [one assistant message],
 * non_preferred_output: [one assistant message] }`. Text only: items with prompt images are skipped.
 * Strict format: provenance in the `provenance.jsonl` sidecar [E5].
 */
export const openAiPreferenceFormatter: Formatter = {
  id: 'openai-preference',
  taskTypes: ['preference'],
  async write(items, sink, options) {
    const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'sidecar', options });
    const textOnly = ({ images }: { images: readonly unknown[] }) =>
      images.length > 0 ? { ok: false as const, reason: 'the prompt has images (exported as text-only preference data)' } : { ok: true as const };
    for await (const { item, example } of preferenceExamples(items, out, textOnly)) {
      const { prompt, pairs } = example;
      for (const pair of pairs) {
        await out.add(item, {
          input: { messages: [{ role: 'user', content: prompt }] },
          preferred_output: [{ role: 'assistant', content: pair.chosen.text }],
          non_preferred_output: [{ role: 'assistant', content: pair.rejected.text }],
        });
      }
    }
    return out.finish();
  },
};
