import type { Shape } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { CanvasController, type CanvasHost } from './canvas-controller.svelte.ts';
import type { CanvasRegion } from './shapes.ts';

function setup(options: { readOnly?: boolean; regions?: CanvasRegion[] } = {}) {
  const regions: CanvasRegion[] = options.regions ?? [];
  const calls: string[] = [];
  let next = 0;
  const host: CanvasHost = {
    image: () => ({ width: 64, height: 48 }),
    regions: () => regions,
    readOnly: () => options.readOnly ?? false,
    create(shape: Shape) {
      const id = `r${++next}`;
      regions.push({ id, shape });
      calls.push(`create ${JSON.stringify(shape)}`);
      return id;
    },
    update(id: string, shape: Shape) {
      const region = regions.find((r) => r.id === id);
      if (region) region.shape = shape;
      calls.push(`update ${id} ${JSON.stringify(shape)}`);
    },
    selected: (id) => calls.push(`select ${id}`),
    clicked: (id) => calls.push(`click ${id}`),
  };
  const canvas = new CanvasController(host);
  // 10 screen pixels per image pixel, image at the origin.
  canvas.view = { scale: 10, tx: 0, ty: 0 };
  canvas.autoFit = false;
  return { canvas, calls, regions };
}

describe('CanvasController', () => {
  it('draws a box in any direction and writes it once, on pointer-up', () => {
    const { canvas, calls } = setup();
    canvas.setTool('box');
    canvas.pointerDown({ x: 300, y: 200 });
    for (let i = 1; i <= 10; i++) canvas.pointerMove({ x: 300 - i * 20, y: 200 - i * 10 });
    expect(calls).toEqual([]);
    expect(canvas.preview?.shape).toEqual({ kind: 'box', x: 10, y: 10, w: 20, h: 10 });
    canvas.pointerUp({ x: 100, y: 100 });
    expect(calls).toEqual(['create {"kind":"box","x":10,"y":10,"w":20,"h":10}', 'select r1']);
    expect(canvas.preview).toBeNull();
    expect(canvas.selectedId).toBe('r1');
  });

  it('a click with the box tool draws nothing; a drag out of the image is clamped', () => {
    const { canvas, calls } = setup();
    canvas.setTool('box');
    canvas.pointerDown({ x: 100, y: 100 });
    canvas.pointerUp({ x: 101, y: 101 });
    expect(calls).toEqual([]);
    canvas.pointerDown({ x: 600, y: 400 });
    canvas.pointerUp({ x: 2000, y: -50 });
    expect(calls[0]).toBe('create {"kind":"box","x":60,"y":0,"w":4,"h":40}');
  });

  it('moves a region with one update per drag; a click without movement is a click', () => {
    const { canvas, calls } = setup({ regions: [{ id: 'a', shape: { kind: 'box', x: 10, y: 10, w: 10, h: 10 } }] });
    canvas.pointerDown({ x: 150, y: 150 });
    canvas.pointerUp({ x: 151, y: 150 });
    expect(calls).toEqual(['select a', 'click a']);
    calls.length = 0;
    canvas.pointerDown({ x: 150, y: 150 });
    for (let i = 1; i <= 5; i++) canvas.pointerMove({ x: 150 + i * 10, y: 150 });
    expect(canvas.preview).toEqual({ id: 'a', shape: { kind: 'box', x: 15, y: 10, w: 10, h: 10 } });
    canvas.pointerUp({ x: 200, y: 150 });
    expect(calls).toEqual(['update a {"kind":"box","x":15,"y":10,"w":10,"h":10}']);
  });

  it('resizes the selected box by a handle and moves polygon vertices', () => {
    const { canvas, calls } = setup({
      regions: [
        { id: 'a', shape: { kind: 'box', x: 10, y: 10, w: 10, h: 10 } },
        { id: 'p', shape: { kind: 'polygon', points: [[40, 10], [50, 30], [30, 30]] } },
      ],
    });
    canvas.select('a');
    canvas.pointerDown({ x: 200, y: 200, handle: 'se' });
    canvas.pointerMove({ x: 250, y: 300 });
    canvas.pointerUp({ x: 250, y: 300 });
    expect(calls.at(-1)).toBe('update a {"kind":"box","x":10,"y":10,"w":15,"h":20}');
    canvas.select('p');
    canvas.pointerDown({ x: 400, y: 100, vertex: 0 });
    canvas.pointerUp({ x: 400, y: -100 });
    expect(calls.at(-1)).toBe('update p {"kind":"polygon","points":[[40,0],[50,30],[30,30]]}');
  });

  it('draws a polygon point by point, closes on the first point or Enter, cancels on Esc', () => {
    const { canvas, calls } = setup();
    canvas.setTool('polygon');
    for (const [x, y] of [[100, 100], [300, 100], [200, 300]] as const) {
      canvas.pointerDown({ x, y });
      canvas.pointerUp({ x, y });
    }
    expect(canvas.draft).toHaveLength(3);
    canvas.pointerDown({ x: 103, y: 98 });
    expect(calls[0]).toBe('create {"kind":"polygon","points":[[10,10],[30,10],[20,30]]}');
    expect(canvas.draft).toEqual([]);
    for (const [x, y] of [[10, 10], [50, 10], [50, 50]] as const) canvas.pointerDown({ x, y });
    expect(canvas.cancel()).toBe(true);
    expect(canvas.draft).toEqual([]);
    for (const [x, y] of [[10, 10], [50, 10], [50, 50]] as const) canvas.pointerDown({ x, y });
    expect(canvas.closePolygon()).toBe(true);
    expect(calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
  });

  it('pans with the hand tool, with space held, or on empty canvas; wheel zooms around the pointer', () => {
    const { canvas, calls } = setup();
    canvas.setTool('hand');
    canvas.pointerDown({ x: 10, y: 10 });
    canvas.pointerMove({ x: 30, y: 5 });
    canvas.pointerUp({ x: 30, y: 5 });
    expect(canvas.view).toEqual({ scale: 10, tx: 20, ty: -5 });
    canvas.setTool('box');
    canvas.spaceHeld = true;
    canvas.pointerDown({ x: 0, y: 0 });
    canvas.pointerUp({ x: 10, y: 10 });
    expect(canvas.view).toEqual({ scale: 10, tx: 30, ty: 5 });
    expect(calls).toEqual([]);
    canvas.wheel(-100, { x: 30, y: 5 });
    expect(canvas.view.scale).toBeGreaterThan(10);
    expect(canvas.view.tx).toBeCloseTo(30);
  });

  it('a read-only canvas selects and pans but never writes', () => {
    const { canvas, calls } = setup({ readOnly: true, regions: [{ id: 'a', shape: { kind: 'box', x: 10, y: 10, w: 10, h: 10 } }] });
    canvas.setTool('box');
    expect(canvas.tool).toBe('select');
    canvas.pointerDown({ x: 150, y: 150 });
    canvas.pointerMove({ x: 300, y: 300 });
    canvas.pointerUp({ x: 300, y: 300 });
    expect(calls).toEqual(['select a']);
    canvas.select('a');
    canvas.pointerDown({ x: 200, y: 200, handle: 'se' });
    canvas.pointerUp({ x: 300, y: 300 });
    expect(calls).toEqual(['select a']);
  });
});
