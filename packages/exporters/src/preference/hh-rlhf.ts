import { createSplitOutput } from '../common/output.ts';
import type { Formatter } from '../types.ts';
import { readPreferenceExample } from './pairs.ts';

const speakerMarks = ['\n\nHuman:', '\n\nAssistant:'];

/** [P8] One HH-RLHF transcript: `\n\nHuman: <prompt>\n\nAssistant: <answer>`. */
export function hhTranscript(prompt: string, answer: string): string {
  return `\n\nHuman: ${prompt}\n\nAssistant: ${answer}`;
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
    for await (const item of items) {
      const read = readPreferenceExample(item);
      if (!read.ok) {
        out.skip(item, read.reason);
        continue;
      }
      const { prompt, images, pairs } = read.example;
      if (images.length > 0) {
        out.skip(item, 'the prompt has images (HH-RLHF is text only)');
        continue;
      }
      const texts = [prompt, ...pairs.flatMap((p) => [p.chosen.text, p.rejected.text])];
      if (texts.some((text) => speakerMarks.some((mark) => text.includes(mark)))) {
        out.skip(item, 'a text contains an HH-RLHF speaker mark (\\n\\nHuman: or \\n\\nAssistant:)');
        continue;
      }
      for (const pair of pairs) {
        await out.add(item, { chosen: hhTranscript(prompt, pair.chosen.text), rejected: hhTranscript(prompt, pair.rejected.text) });
      }
    }
    return out.finish();
  },
};
