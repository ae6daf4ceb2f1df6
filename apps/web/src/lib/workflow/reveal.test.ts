import { describe, expect, it, vi } from 'vitest';
import { revealInEditor } from './reveal.ts';

/** A tiny element tree: `[data-path]` lookups answered from a map. */
function fakeElement(paths: Record<string, { focus: () => void }>) {
  const element = (focus: () => void) => ({ scrollIntoView: vi.fn(), querySelector: () => null, focus });
  return {
    scrollIntoView: vi.fn(),
    querySelector: (selector: string) => {
      const path = /data-path="([^"]+)"/.exec(selector)?.[1];
      const hit = path ? paths[path] : undefined;
      return hit ? element(hit.focus) : null;
    },
  };
}

describe('revealInEditor', () => {
  it('looks for the field inside the editor, not in the bars above it', () => {
    const inBar = vi.fn();
    const inEditor = vi.fn();
    const editor = fakeElement({ rationale: { focus: inEditor } });
    const root = {
      querySelector: (selector: string) => (selector === '[data-testid="editor"]' ? editor : fakeElement({ rationale: { focus: inBar } }).querySelector(selector)),
    };
    expect(revealInEditor(root as never, 'rationale')).toBe(true);
    expect(inEditor).toHaveBeenCalled();
    expect(inBar).not.toHaveBeenCalled();
  });
});
