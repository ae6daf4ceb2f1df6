import { describe, expect, it } from 'vitest';
import { guidelinesOpen, rememberGuidelinesOpen, safeLink } from './guidelines.ts';

describe('guidelines', () => {
  it('links only web addresses', () => {
    expect(safeLink('https://example.com/guide')).toBe('https://example.com/guide');
    expect(safeLink('http://example.com')).toBe('http://example.com/');
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink('data:text/html,hi')).toBeNull();
    expect(safeLink('not a url')).toBeNull();
    expect(safeLink(null)).toBeNull();
  });

  it('remembers per project whether they are open, open by default, and survives broken storage', () => {
    const values = new Map<string, string>();
    const storage = { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v) };
    expect(guidelinesOpen('prj_1', storage)).toBe(true);
    rememberGuidelinesOpen('prj_1', false, storage);
    expect(guidelinesOpen('prj_1', storage)).toBe(false);
    expect(guidelinesOpen('prj_2', storage)).toBe(true);
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(guidelinesOpen('prj_1', broken)).toBe(true);
    expect(() => rememberGuidelinesOpen('prj_1', true, broken)).not.toThrow();
    expect(guidelinesOpen('prj_1', undefined)).toBe(true);
  });
});
