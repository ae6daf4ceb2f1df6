import { describe, expect, it } from 'vitest';
import { safeNext, signInPath } from './paths.ts';

describe('sign-in paths', () => {
  it('remembers where to return', () => {
    expect(signInPath('/projects/prj_x?tab=1')).toBe('/signin?next=%2Fprojects%2Fprj_x%3Ftab%3D1');
    expect(signInPath('/')).toBe('/signin');
    expect(signInPath('/signin?next=/x')).toBe('/signin');
  });

  it('refuses next values that leave the site', () => {
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/a\nb']) {
      expect(safeNext(bad)).toBeNull();
    }
    expect(safeNext('/documents/doc_x')).toBe('/documents/doc_x');
  });
});
