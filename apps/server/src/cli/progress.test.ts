import { describe, expect, it } from 'vitest';
import { createProgress, renderProgress } from './progress.ts';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

describe('progress', () => {
  it('renders a bar with counts and a count without a total', () => {
    expect(renderProgress(40, 100, 20)).toBe('[########------------] 40/100 40%');
    expect(renderProgress(0, 0, 4)).toBe('[####] 0/0 100%');
    expect(renderProgress(7, null)).toBe('7');
  });

  it('[C7] redraws one line on a terminal', () => {
    const { writes, stream } = sink(true);
    const bar = createProgress({ stream, label: 'export', unit: 'items' });
    bar.update(1, 2);
    bar.update(2, 2);
    bar.finish();
    expect(writes.every((w, i) => (i < 2 ? w.startsWith('\r') : w === '\n'))).toBe(true);
    expect(writes).toHaveLength(3);
  });

  it('[C7] prints plain lines at most once per interval, and the last one', () => {
    const { writes, stream } = sink(false);
    let now = 0;
    const bar = createProgress({ stream, label: 'export', unit: 'items', intervalMs: 1000, now: () => now });
    bar.update(1, 10);
    now = 500;
    bar.update(2, 10);
    now = 1500;
    bar.update(3, 10);
    now = 1600;
    bar.update(4, 10);
    bar.finish();
    expect(writes.map((w) => w.match(/ (\d+)\/10 /)?.[1])).toEqual(['1', '3', '4']);
    expect(writes.every((w) => w.endsWith(' items\n') && !w.includes('\r'))).toBe(true);
  });
});
