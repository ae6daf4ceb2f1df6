import type { TaskType } from '@concord/annotation-doc';
import { z } from 'zod';
import type { MediaRecord } from '../media/types.ts';
import { fail, type Draft, type ItemParts, type MediaNeed, type ParseResult } from './draft.ts';
import { contentExternalId } from './external-id.ts';
import { convertPrelabel } from './prelabel.ts';
import { zodProblems, type Problem } from './problems.ts';

const maxText = 1_000_000;
const text = () => z.string({ error: 'must be a string' }).max(maxText, `must be at most ${maxText} characters`);
const ref = () => z.string({ error: 'must be a media reference (a file name, URL, data: URI or media id)' }).min(1, 'must not be empty');

/** What a tag may be: the same rule as the items API's tag filter (`http/items.ts`). */
export const tagPattern = /^[\p{L}\p{N}_.:-]+$/u;

/**
 * A free-form label (a Label Studio choice) as a tag: other characters become `-`, at most 64 characters.
 * @example tagOf('Traffic light') // 'Traffic-light'
 */
export function tagOf(value: string): string {
  return value
    .trim()
    .replace(/[^\p{L}\p{N}_.:-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** `id` and `tags`: the same in every task type. */
export const commonFields = {
  id: z
    .union([z.string().trim().min(1).max(200), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)], {
      error: 'must be a string of 1–200 characters or a whole number',
    })
    .optional(),
  tags: z
    .array(
      z
        .string({ error: 'must be a string' })
        .trim()
        .min(1, 'must not be empty')
        .max(64, 'must be at most 64 characters')
        .regex(tagPattern, 'letters, digits, _ . : - only'),
      { error: 'must be an array of strings' },
    )
    .max(50, 'at most 50 tags')
    .optional(),
  prelabel: z.unknown().optional(),
  gold: z.unknown().optional(),
};

const instructionLine = z
  .strictObject({
    ...commonFields,
    media: z
      .array(z.strictObject({ type: z.enum(['image', 'audio'], { error: 'must be "image" or "audio"' }), src: ref() }), {
        error: 'must be an array of { type, src }',
      })
      .max(100, 'at most 100 media')
      .optional(),
    conversation: z
      .array(z.strictObject({ role: z.enum(['system', 'user', 'assistant'], { error: 'must be "system", "user" or "assistant"' }), text: text() }), {
        error: 'must be an array of { role, text }',
      })
      .max(500, 'at most 500 turns')
      .optional(),
  })
  .refine((line) => (line.media?.length ?? 0) + (line.conversation?.length ?? 0) > 0, {
    message: 'give a "conversation", "media" or both',
    path: ['conversation'],
  });

const preferenceLine = z.strictObject({
  ...commonFields,
  prompt: z.strictObject(
    { text: text(), media: z.array(ref(), { error: 'must be an array of media references' }).max(100, 'at most 100 media').optional() },
    { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an object { text, media? }') },
  ),
  responses: z
    .array(z.strictObject({ model: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200), text: text() }), {
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be an array of { model, text }'),
    })
    .min(2, 'at least 2 responses are needed')
    .max(16, 'at most 16 responses'),
});

const alignmentLine = z.strictObject({
  ...commonFields,
  image: ref(),
  caption: text().optional(),
});

const lineSchemas = { instruction: instructionLine, preference: preferenceLine, alignment: alignmentLine } as const;

function mediaProblem(need: MediaNeed, message: string): Problem {
  return { path: need.path, message };
}

/** Turns the stored media of an alignment line into the seed's `{ mediaId, width, height }`. */
export function imageOf(record: MediaRecord, need: MediaNeed): { mediaId: string; width: number; height: number } | Problem {
  if (record.width === null || record.height === null) return mediaProblem(need, `"${need.ref}" has no known pixel size`);
  return { mediaId: record.id, width: record.width, height: record.height };
}

/**
 * One JSONL line (already `JSON.parse`d) of a project of `taskType`: checked against the line schema of
 * that type, then turned into a {@link Draft} whose `build` makes the package's ItemSeed and Prelabel
 * once the media are stored. The external id is the line's `id`, else a hash of the whole line.
 * @example parseJsonlLine({ image: 'bus.png', caption: 'A red bus' }, 'alignment')
 */
export function parseJsonlLine(value: unknown, taskType: TaskType): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('', 'a line must be one JSON object');
  const parsed = lineSchemas[taskType].safeParse(value);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const line = parsed.data;
  const prelabel = line.prelabel === undefined ? null : convertPrelabel(line.prelabel, { taskType, path: 'prelabel' });
  const gold = line.gold === undefined ? null : convertPrelabel(line.gold, { taskType, path: 'gold', defaultModel: 'gold' });
  const problems = [...(prelabel?.problems ?? []), ...(gold?.problems ?? [])];
  if (problems.length > 0) return { ok: false, problems };
  const parts = { prelabel: prelabel?.prelabel ?? null, gold: gold?.prelabel ?? null };
  const externalId = line.id === undefined ? contentExternalId(value) : String(line.id);
  const tags = [...new Set(line.tags ?? [])];

  let needs: MediaNeed[];
  let build: (media: MediaRecord[]) => ItemParts | Problem[];
  switch (taskType) {
    case 'instruction': {
      const l = line as z.infer<typeof instructionLine>;
      needs = (l.media ?? []).map((m, i) => ({ ref: m.src, path: `media.${i}.src`, kind: m.type }));
      build = (media) => ({
        ...parts,
        seed: {
          taskType,
          media: media.map((record) => ({
            kind: record.kind,
            mediaId: record.id,
            ...(record.width !== null && record.height !== null ? { width: record.width, height: record.height } : {}),
          })),
          turns: (l.conversation ?? []).map((turn) => ({ role: turn.role, text: turn.text })),
        },
      });
      break;
    }
    case 'preference': {
      const l = line as z.infer<typeof preferenceLine>;
      needs = (l.prompt.media ?? []).map((src, i) => ({ ref: src, path: `prompt.media.${i}`, kind: 'any' }));
      build = (media) => ({
        ...parts,
        seed: {
          taskType,
          prompt: { text: l.prompt.text, media: media.map((record) => record.id) },
          responses: l.responses.map((response) => ({ modelId: response.model, text: response.text })),
        },
      });
      break;
    }
    case 'alignment': {
      const l = line as z.infer<typeof alignmentLine>;
      needs = [{ ref: l.image, path: 'image', kind: 'image' }];
      build = (media) => {
        const image = imageOf(media[0]!, needs[0]!);
        if ('path' in image) return [image];
        return { ...parts, seed: { taskType, image, ...(l.caption === undefined ? {} : { caption: l.caption }) } };
      };
      break;
    }
  }
  const draft: Draft = { externalId, tags, needs, build };
  return { ok: true, draft };
}
