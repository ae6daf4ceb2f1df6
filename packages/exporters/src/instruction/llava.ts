import { createSplitOutput } from '../common/output.ts';
import type { Formatter } from '../types.ts';
import { readConversation } from './conversation.ts';

const imageToken = '<image>';

/**
 * [I2–I5] LLaVA: one JSON array per split (`<split>/data.json`) of `{ id, image?, conversations }` (`id` is
 * the item id). `from` is `human` / `gpt`; every image of the conversation (in order of appearance, wherever
 * a turn showed it) goes to the start of the first human turn as `<image>` tokens, one per image
 * (LLaVA-NeXT / OneVision count one token per image), each followed by `\n`. `image` is a path for one
 * image, a list of paths for several (LLaVA-NeXT), absent for text-only rows. System turns are folded into
 * the first human turn (their texts, then a blank line). Provenance: the `concord` column.
 */
export const llavaFormatter: Formatter = {
  id: 'llava',
  taskTypes: ['instruction'],
  async write(items, sink, options) {
    const out = createSplitOutput({ sink, name: 'data.json', layout: 'array', provenanceStyle: 'column', options });
    for await (const item of items) {
      const read = readConversation(item);
      if (!read.ok) {
        out.skip(item, read.reason);
        continue;
      }
      const { system, turns, images } = read.conversation;
      const texts = [...system, ...turns.map((t) => t.text)];
      if (texts.some((text) => text.includes(imageToken))) {
        out.skip(item, `a turn contains the literal ${imageToken} token`);
        continue;
      }
      const paths: string[] = [];
      for (const image of images) if (image.path !== null) paths.push(image.path);
      if (paths.length !== images.length) {
        out.skip(item, 'an image has no path in the export');
        continue;
      }
      const prefix = `${imageToken}\n`.repeat(images.length) + system.map((text) => `${text}\n\n`).join('');
      const conversations = turns.map((turn, index) => ({
        from: turn.role === 'user' ? 'human' : 'gpt',
        value: index === 0 ? prefix + turn.text : turn.text,
      }));
      const row: Record<string, unknown> = { id: item.itemId };
      if (paths.length === 1) row.image = paths[0];
      else if (paths.length > 1) row.image = paths;
      row.conversations = conversations;
      await out.add(item, row);
      out.useMedia(images.map((image) => image.mediaId));
    }
    return out.finish();
  },
};
