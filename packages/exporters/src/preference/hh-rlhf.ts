import { createSplitOutput } from '../common/output.ts';
import type { Formatter } from '../types.ts';
import { preferenceExamples, type ExampleCheck, type PreferenceExample } from './pairs.ts';

const speakerMarks = ['\n\nHuman:', '\n\nAssistant:'];

/** [P8] One HH-RLHF transcript: `\n\nHuman: <prompt>\n\nAssistant: <answer>`. */
export function hhTranscript(prompt: string, answer: string): string {
  return `\n\nHuman: ${prompt}\n\nAssistant: ${answer}`;
}

/** [P8] Whether an example can be an HH-RLHF transcript: text only, and no speaker mark inside a text. */
function hhCheck({ prompt, images, pairs }: PreferenceExample): ExampleCheck<object> {
  if (images.length > 0) return { ok: false, reason: 'the prompt has images (HH-RLHF is text only)' };
  const texts = [prompt, ...pairs.flatMap((p) => [p.chosen.text, p.rejected.text])];
  if (texts.some((text) => speakerMarks.some((mark) => text.includes(mark)))) {
    return { ok: false, reason: 'a text contains an HH-RLHF speaker mark (\\n\\nHuman: or \\n\\nAssistant:)' };
  }
  return { ok: true };
}

/**
 * [P8] Anthropic HH-RLHF JSONL (`<split>/data.jsonl`): `{ chosen, rejected }` per pair (P1–P2), full
 * transcripts sharing the `\n\nHuman: …\n\nAssistant: ` prefix. Text only: items with prompt images are
 * skipped, and so are texts containing a speaker mark (`\n\nHuman:` / `\n\nAssistant:`), which would
 * change the transcript's turns. Provenance: the `concord` column.
 */
export const hhRlhfFormatter: Formatter = {
  id: 'hh-rlhf',
  taskTypes: ['preference'],
  async write(items, sink, options) {
    const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'column', options });
    for await (const { item, example } of preferenceExamples(items, out, hhCheck)) {
      const { prompt, pairs } = example;
      for (const pair of pairs) {
        await out.add(item, { chosen: hhTranscript(prompt, pair.chosen.text), rejected: hhTranscript(prompt, pair.rejected.text) });
      }
    }
    return out.finish();
  },
};
