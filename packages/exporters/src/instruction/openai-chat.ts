import { createSplitOutput } from '../common/output.ts';
import type { Formatter } from '../types.ts';
import { readConversation } from './conversation.ts';
import { openAiImagePart, openAiImageProblem } from './openai-images.ts';

/**
 * [I8–I10] OpenAI chat fine-tuning JSONL (`<split>/data.jsonl`): `{ messages }`. System and assistant
 * contents are strings; a user turn without images has a string content, with images a list of
 * `image_url` parts (URL from the medium, no `detail`: OpenAI's default) then one text part.
 * Skipped: images in an assistant turn, more than 10 images, a type other than JPEG/PNG/WEBP, no URL.
 * Strict format: provenance in the `provenance.jsonl` sidecar [E5].
 */
export const openAiChatFormatter: Formatter = {
  id: 'openai-chat',
  taskTypes: ['instruction'],
  async write(items, sink, options) {
    const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'sidecar', options });
    for await (const item of items) {
      const read = readConversation(item);
      if (!read.ok) {
        out.skip(item, read.reason);
        continue;
      }
      const { system, turns, images } = read.conversation;
      if (turns.some((turn) => turn.role === 'assistant' && turn.images.length > 0)) {
        out.skip(item, 'an assistant turn has images (OpenAI takes images in user turns only)');
        continue;
      }
      const problem = openAiImageProblem(images);
      if (problem !== null) {
        out.skip(item, problem);
        continue;
      }
      const messages = [
        ...system.map((text) => ({ role: 'system', content: text })),
        ...turns.map((turn) => ({
          role: turn.role,
          content: turn.images.length === 0 ? turn.text : [...turn.images.map(openAiImagePart), { type: 'text', text: turn.text }],
        })),
      ];
      await out.add(item, { messages });
    }
    return out.finish();
  },
};
