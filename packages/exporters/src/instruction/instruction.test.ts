import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemorySink, fromList } from '../common/memory-sink.ts';
import type { ExportItem, FormatResult, Formatter } from '../types.ts';
import { awkward, instructionFixture, instructionItem, medium, turn } from './fixtures.ts';
import { llavaFormatter } from './llava.ts';
import { openAiChatFormatter } from './openai-chat.ts';
import { trlSftFormatter } from './trl-sft.ts';

const golden = (name: string): string => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');

async function run(formatter: Formatter, items: ExportItem[], provenance = false): Promise<{ files: Map<string, string>; result: FormatResult }> {
  const sink = createMemorySink();
  const result = await formatter.write(fromList(items), sink, { provenance });
  return { files: sink.files, result };
}

function lines(text: string | undefined): unknown[] {
  return (text ?? '').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
}

const skips = (result: FormatResult): string[] => result.skipped.map((s) => s.itemId);

describe('llava', () => {
  it('[I2][I3][I4][I5][E1][E3] golden: one JSON array per split, <image> tokens at the start, image a path or a list', async () => {
    const { files, result } = await run(llavaFormatter, instructionFixture());
    expect(files.get('train/data.json')).toBe(golden('llava.train.json'));
    expect(files.get('validation/data.json')).toBe(golden('llava.validation.json'));
    expect(files.get('test/data.json')).toBe(golden('llava.test.json'));
    expect(result.files).toEqual(['train/data.json', 'validation/data.json', 'test/data.json']);
    expect(result.rows).toBe(5);
    expect(result.media).toEqual(['med_1', 'med_a', 'med_b', 'med_c', 'med_d', 'med_g']);
  });

  it('[I3] human/gpt alternate from human; one <image> per image, only at the start of the first human turn', async () => {
    const { files } = await run(llavaFormatter, instructionFixture());
    const rows = JSON.parse(files.get('train/data.json') ?? '') as { id: string; image?: string | string[]; conversations: { from: string; value: string }[] }[];
    for (const row of rows) {
      expect(row.conversations.map((c) => c.from)).toEqual(row.conversations.map((_, i) => (i % 2 === 0 ? 'human' : 'gpt')));
      const count = row.image === undefined ? 0 : Array.isArray(row.image) ? row.image.length : 1;
      const all = row.conversations.map((c) => c.value).join('');
      expect(all.split('<image>').length - 1).toBe(count);
      expect(row.conversations[0]?.value.startsWith('<image>\n'.repeat(count))).toBe(true);
    }
    const multi = rows.find((r) => r.id === 'itm_i2');
    expect(multi?.image).toEqual(['images/med_a.png', 'images/med_b.webp', 'images/med_c.jpeg']);
    expect(rows.find((r) => r.id === 'itm_i1')?.image).toBe('images/med_1.jpeg');
  });

  it('[I4] text-only rows have no image key; [I5] system turns fold into the first human turn', async () => {
    const { files } = await run(llavaFormatter, instructionFixture());
    const [textOnly] = JSON.parse(files.get('validation/data.json') ?? '') as Record<string, unknown>[];
    expect(textOnly && 'image' in textOnly).toBe(false);
    const [first] = JSON.parse(files.get('train/data.json') ?? '') as { conversations: { value: string }[] }[];
    expect(first?.conversations[0]?.value).toBe('<image>\nBe brief.\n\nWhat is shown?');
    expect(first?.conversations).toHaveLength(4);
  });

  it('[I1][E6] items that cannot be a conversation are skipped with a reason; a literal <image> is skipped', async () => {
    const literal = instructionItem('itm_x', 'train', [turn('user', 'What is <image>?'), turn('assistant', 'A token.')]);
    const trailing = instructionItem('itm_y', 'train', [turn('user', 'Hello?')]);
    const { result } = await run(llavaFormatter, [...instructionFixture(), literal, trailing]);
    expect(result.skipped).toEqual([
      { itemId: 'itm_i4', reason: 'turn 2 is user, expected assistant (turns must alternate, user first)' },
      { itemId: 'itm_i6', reason: 'medium med_s is audio, not an image' },
      { itemId: 'itm_x', reason: 'a turn contains the literal <image> token' },
      { itemId: 'itm_y', reason: 'the conversation does not end with an assistant turn' },
    ]);
  });

  it('[E2][E4] awkward strings round-trip; provenance adds the concord column', async () => {
    const { files } = await run(llavaFormatter, instructionFixture(), true);
    const text = files.get('train/data.json') ?? '';
    expect(text).not.toMatch(/[\u2028\u2029]/);
    const rows = JSON.parse(text) as { conversations: { value: string }[]; concord: { item_id: string; fields: unknown } }[];
    expect(rows[0]?.conversations[1]?.value).toBe(`A parrot: ${awkward}`);
    expect(rows[0]?.concord.item_id).toBe('itm_i1');
    expect(rows[0]?.concord.fields).toEqual({ 'turns/t2/text': { kind: 'model_then_human_edited', model_id: 'llama-3' } });
  });
});

describe('trl-sft', () => {
  it('[I6][I7][E1][E3] golden: messages with content parts and an images column', async () => {
    const { files, result } = await run(trlSftFormatter, instructionFixture());
    expect(files.get('train/data.jsonl')).toBe(golden('trl-sft.train.jsonl'));
    expect(files.get('validation/data.jsonl')).toBe(golden('trl-sft.validation.jsonl'));
    expect(files.get('test/data.jsonl')).toBe(golden('trl-sft.test.jsonl'));
    expect(skips(result)).toEqual(['itm_i4', 'itm_i6']);
  });

  it('[I7] image parts equal images; roles are system/user/assistant', async () => {
    const { files } = await run(trlSftFormatter, instructionFixture());
    for (const row of lines(files.get('train/data.jsonl')) as { messages: { role: string; content: { type: string }[] }[]; images: string[] }[]) {
      const parts = row.messages.flatMap((m) => m.content).filter((p) => p.type === 'image');
      expect(parts).toHaveLength(row.images.length);
      for (const m of row.messages) expect(['system', 'user', 'assistant']).toContain(m.role);
    }
  });
});

describe('openai-chat', () => {
  it('[I8][I9][I10][E3] golden: image_url parts with the medium URL, string contents elsewhere', async () => {
    const { files, result } = await run(openAiChatFormatter, instructionFixture());
    expect(files.get('train/data.jsonl')).toBe(golden('openai-chat.train.jsonl'));
    expect(files.get('validation/data.jsonl')).toBe(golden('openai-chat.validation.jsonl'));
    expect(files.has('test/data.jsonl')).toBe(false);
    expect(result.skipped.filter((s) => ['itm_i5', 'itm_i7'].includes(s.itemId))).toEqual([
      { itemId: 'itm_i5', reason: 'an assistant turn has images (OpenAI takes images in user turns only)' },
      { itemId: 'itm_i7', reason: 'image med_g is image/gif (OpenAI takes JPEG, PNG, WEBP)' },
    ]);
  });

  it('[I9] more than 10 images, or an image without a URL, is skipped', async () => {
    const many = Array.from({ length: 11 }, (_, i) => medium(`med_${i}`, 'image/png'));
    const tooMany = instructionItem('itm_many', 'train', [turn('user', 'All?', many.map((m) => m.mediaId)), turn('assistant', 'Yes.')], many);
    const ten = instructionItem('itm_ten', 'train', [turn('user', 'Ten?', many.slice(0, 10).map((m) => m.mediaId)), turn('assistant', 'Yes.')], many.slice(0, 10));
    const noUrl = instructionItem('itm_nourl', 'train', [turn('user', 'Where?', ['med_u']), turn('assistant', 'Here.')], [{ ...medium('med_u', 'image/png'), url: null }]);
    const { result } = await run(openAiChatFormatter, [tooMany, ten, noUrl]);
    expect(result.rows).toBe(1);
    expect(result.skipped).toEqual([
      { itemId: 'itm_many', reason: '11 images (OpenAI takes at most 10)' },
      { itemId: 'itm_nourl', reason: 'image med_u has no URL' },
    ]);
  });

  it('[E5] provenance goes to the sidecar, rows keep only messages', async () => {
    const { files } = await run(openAiChatFormatter, instructionFixture(), true);
    for (const row of lines(files.get('train/data.jsonl'))) expect(Object.keys(row as object)).toEqual(['messages']);
    expect((lines(files.get('train/provenance.jsonl')) as { row: number; concord: { item_id: string } }[]).map((r) => [r.row, r.concord.item_id])).toEqual([
      [0, 'itm_i1'],
      [1, 'itm_i2'],
    ]);
  });
});
