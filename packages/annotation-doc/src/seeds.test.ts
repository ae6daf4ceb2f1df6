import { describe, expect, it } from 'vitest';
import { itemSeedSchema, prelabelSchema, shapeSchema } from './seeds.ts';
import { sampleSeed } from './testing/fixtures.ts';

describe('itemSeedSchema', () => {
  it('accepts an item of each task type', () => {
    for (const taskType of ['instruction', 'preference', 'alignment'] as const) {
      expect(itemSeedSchema.parse(sampleSeed(taskType))).toEqual(sampleSeed(taskType));
    }
  });

  it('needs at least two responses and a sized image', () => {
    const preference = sampleSeed('preference');
    if (preference.taskType !== 'preference') throw new Error('expected preference');
    expect(itemSeedSchema.safeParse({ ...preference, responses: preference.responses.slice(0, 1) }).success).toBe(false);
    expect(itemSeedSchema.safeParse({ taskType: 'alignment', image: { mediaId: 'med_a', width: 0, height: 1 } }).success).toBe(false);
    expect(itemSeedSchema.safeParse({ taskType: 'alignment', image: { mediaId: 'med_a', width: 1, height: 1 }, extra: true }).success).toBe(false);
  });
});

describe('prelabelSchema and shapeSchema', () => {
  it('accepts a pre-label with parts of any type', () => {
    expect(prelabelSchema.safeParse({ modelId: 'm', promptVersion: 'v1', caption: 'x', ranking: [1, 2], choice: null }).success).toBe(true);
    expect(prelabelSchema.safeParse({ caption: 'no model' }).success).toBe(false);
  });

  it('accepts boxes, polygons of three or more points and masks', () => {
    expect(shapeSchema.safeParse({ kind: 'box', x: 0, y: 0, w: 1, h: 1 }).success).toBe(true);
    expect(shapeSchema.safeParse({ kind: 'polygon', points: [[0, 0], [1, 0]] }).success).toBe(false);
    expect(shapeSchema.safeParse({ kind: 'mask', rle: { size: [2, 2], counts: [1, 3] } }).success).toBe(true);
    expect(shapeSchema.safeParse({ kind: 'box', x: Number.NaN, y: 0, w: 1, h: 1 }).success).toBe(false);
  });
});
