import { describe, expect, it } from 'vitest';
import { itemHashPoint, splitOf } from './split.ts';

const ratios = { train: 0.8, validation: 0.1, test: 0.1 };

describe('splits by item hash', () => {
  it('[X4] the hash point is in [0, 1) and depends on project and external id', () => {
    const a = itemHashPoint('prj_a', 'row-1');
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
    expect(itemHashPoint('prj_a', 'row-1')).toBe(a);
    expect(itemHashPoint('prj_b', 'row-1')).not.toBe(a);
  });

  it('[X4] the splits follow the cumulative ratios', () => {
    const counts = { train: 0, validation: 0, test: 0 };
    for (let n = 0; n < 4000; n++) counts[splitOf('prj_a', `row-${n}`, ratios)]++;
    expect(counts.train / 4000).toBeGreaterThan(0.76);
    expect(counts.train / 4000).toBeLessThan(0.84);
    expect(counts.validation).toBeGreaterThan(300);
    expect(counts.test).toBeGreaterThan(300);
    for (let n = 0; n < 100; n++) {
      const point = itemHashPoint('prj_a', `row-${n}`);
      expect(splitOf('prj_a', `row-${n}`, ratios)).toBe(point < 0.8 ? 'train' : point < 0.9 ? 'validation' : 'test');
    }
  });

  it('[X4] an item keeps its split whatever other items exist, and empty shares are never chosen', () => {
    const before = Array.from({ length: 200 }, (_, n) => splitOf('prj_a', `row-${n}`, ratios));
    const after = Array.from({ length: 400 }, (_, n) => splitOf('prj_a', `row-${n}`, ratios)).slice(0, 200);
    expect(after).toEqual(before);
    for (let n = 0; n < 200; n++) expect(splitOf('prj_a', `row-${n}`, { train: 1, validation: 0, test: 0 })).toBe('train');
    for (let n = 0; n < 200; n++) expect(splitOf('prj_a', `row-${n}`, { train: 0.5, validation: 0.5, test: 0 })).not.toBe('test');
  });
});
