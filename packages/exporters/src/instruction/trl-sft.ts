import { createSplitOutput } from '../common/output.ts';
import type { Formatter } from '../types.ts';
import { readConversation } from './conversation.ts';

/**
 * [I6–I7] TRL SFT "messages" JSONL (`<split>/data.jsonl`): `{ messages, images }`. Roles `system` / `user` /
 * `assistant`; every `content` is a list of parts: one `{ "type": "image" }` per image shown in that turn
 * (before its text), then `{ "type": "text", "text" }`. `images` lists the image paths in the order of
 * the image parts (so parts = images), `[]` for text-only rows (one schema for the whole file).
 * Provenance: the `concord` column.
 */
export const trlSftFormatter: Formatter = {
  id: 'trl-sft',
  taskTypes: ['instruction'],
  async write(items, sink, options) {
    const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'column', options });
    for await (const item of items) {
      const read = readConversation(item);
      if (!read.ok) {
        out.skip(item, read.reason);
        continue;
      }
      const { system, turns, images } = read.conversation;
      if (images.some((image) => image.path === null)) {
        out.skip(item, 'an image has no path in the export');
        continue;
      }
      const messages = [
        ...system.map((text) => ({ role: 'system', content: [{ type: 'text', text }] })),
        ...turns.map((turn) => ({
          role: turn.role,
          content: [...turn.images.map(() => ({ type: 'image' })), { type: 'text', text: turn.text }],
        })),
      ];
      await out.add(item, { messages, images: images.map((image) => image.path) });
      out.useMedia(images.map((image) => image.mediaId));
    }
    return out.finish();
  },
};
