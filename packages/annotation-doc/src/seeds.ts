import { z } from 'zod';
import { judgementModeSchema } from './config.ts';

const maxText = 1_000_000;
const coordinate = z.number().finite().min(-1e6).max(1e6);
const pixels = z.number().int().positive().max(100_000);
/** A stored media id (`med_…`): the import stores media first and seeds refer to them by id. */
export const mediaIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'a media id like med_…');

/** The strength of a pairwise preference. */
export const strengths = ['significantly_better', 'better', 'slightly_better', 'negligible_or_unsure'] as const;
/** How much better the chosen response is. */
export type Strength = (typeof strengths)[number];
/** zod schema of {@link Strength}. */
export const strengthSchema = z.enum(strengths);

/** Who speaks a turn of a conversation. */
export const turnRoles = ['system', 'user', 'assistant'] as const;
/** Who speaks a turn of a conversation. */
export type TurnRole = (typeof turnRoles)[number];
/** zod schema of {@link TurnRole}. */
export const turnRoleSchema = z.enum(turnRoles);

/** An axis-aligned box in image pixels: top-left corner and size. */
export const boxSchema = z.strictObject({ kind: z.literal('box'), x: coordinate, y: coordinate, w: coordinate, h: coordinate });
/** A polygon in image pixels: `[x, y]` points, at least three. */
export const polygonSchema = z.strictObject({
  kind: z.literal('polygon'),
  points: z.array(z.tuple([coordinate, coordinate])).min(3).max(10_000),
});
/** A mask as COCO uncompressed RLE: `size` is `[height, width]`, `counts` alternate background/foreground runs, column-major. */
export const maskSchema = z.strictObject({
  kind: z.literal('mask'),
  rle: z.strictObject({
    size: z.tuple([pixels, pixels]),
    counts: z.array(z.number().int().min(0)).max(1_000_000),
  }),
});
/** The shape of a region: a plain JSON value, replaced as a whole when it changes. */
export const shapeSchema = z.discriminatedUnion('kind', [boxSchema, polygonSchema, maskSchema]);
/** The shape of a region, in image pixel coordinates. */
export type Shape = z.infer<typeof shapeSchema>;
/** A box shape. */
export type BoxShape = z.infer<typeof boxSchema>;
/** A polygon shape. */
export type PolygonShape = z.infer<typeof polygonSchema>;
/** A mask shape (COCO uncompressed RLE). */
export type MaskShape = z.infer<typeof maskSchema>;

/** An image: its stored media id and its size in pixels. */
export const imageSchema = z.strictObject({ mediaId: mediaIdSchema, width: pixels, height: pixels });
/** An image of an alignment item. */
export type ImageRef = z.infer<typeof imageSchema>;

/** A medium of an instruction item. */
export const mediaRefSchema = z.strictObject({
  kind: z.enum(['image', 'audio']),
  mediaId: mediaIdSchema,
  width: pixels.optional(),
  height: pixels.optional(),
});
/** A medium of an instruction item (image or audio). */
export type MediaRef = z.infer<typeof mediaRefSchema>;

const text = z.string().max(maxText);
const mediaIds = z.array(mediaIdSchema).max(100);

/**
 * The content of an item, as the import produces it after the media are stored; written into the
 * document by the `source` actor.
 */
export const itemSeedSchema = z.discriminatedUnion('taskType', [
  z.strictObject({
    taskType: z.literal('instruction'),
    media: z.array(mediaRefSchema).max(100),
    turns: z.array(z.strictObject({ role: turnRoleSchema, text, media: mediaIds.optional() })).max(500),
  }),
  z.strictObject({
    taskType: z.literal('preference'),
    prompt: z.strictObject({ text, media: mediaIds }),
    responses: z.array(z.strictObject({ modelId: z.string().min(1).max(200), text })).min(2).max(16),
  }),
  z.strictObject({ taskType: z.literal('alignment'), image: imageSchema, caption: text.optional() }),
]);
/** The content of an item of any task type. */
export type ItemSeed = z.infer<typeof itemSeedSchema>;
/** The content of an instruction item. */
export type InstructionSeed = Extract<ItemSeed, { taskType: 'instruction' }>;
/** The content of a preference item. */
export type PreferenceSeed = Extract<ItemSeed, { taskType: 'preference' }>;
/** The content of an alignment item. */
export type AlignmentSeed = Extract<ItemSeed, { taskType: 'alignment' }>;

/** A reference from one pre-label part to a region: the region's `ref`, or its index as a string. */
const regionRef = z.string().min(1).max(100);

/**
 * A model's pre-label of an item; every part is optional and only the parts of the item's task type
 * are used. Written into the document by the model's Yjs client id.
 */
export const prelabelSchema = z.strictObject({
  modelId: z.string().min(1).max(200),
  promptVersion: z.string().min(1).max(200).optional(),
  // instruction
  turns: z.array(z.strictObject({ role: turnRoleSchema, text })).max(500).optional(),
  style: z.string().min(1).max(64).optional(),
  transcript: z
    .array(z.strictObject({ start: z.number().finite(), end: z.number().finite(), speaker: z.string().max(200).optional(), text }))
    .max(10_000)
    .optional(),
  summary: text.optional(),
  // preference
  mode: judgementModeSchema.optional(),
  choice: z.number().int().min(0).nullable().optional(),
  strength: strengthSchema.optional(),
  ranking: z.array(z.number().int().min(1)).max(16).optional(),
  scores: z.record(z.string().max(64), z.array(z.number().finite().nullable()).max(16)).optional(),
  rationale: text.optional(),
  // alignment
  caption: text.optional(),
  regions: z.array(z.strictObject({ ref: regionRef.optional(), label: z.string().min(1).max(64), shape: shapeSchema })).max(1_000).optional(),
  links: z.array(z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0), region: regionRef })).max(5_000).optional(),
  vqa: z
    .array(z.strictObject({ question: text, answer: text, evidence: z.array(regionRef).max(1_000).optional() }))
    .max(1_000)
    .optional(),
  descriptions: z.array(z.strictObject({ region: regionRef, text })).max(1_000).optional(),
});
/** A model's pre-label of an item. */
export type Prelabel = z.infer<typeof prelabelSchema>;
