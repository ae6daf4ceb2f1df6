import type { Shape } from '@concord/annotation-doc';
import {
  boxFromDrag,
  clampPoint,
  fitView,
  type Handle,
  type Point,
  panBy,
  type Rect,
  resizeRect,
  screenToImage,
  type Size,
  type View,
  zoomAt,
  moveVertex,
} from './geometry.ts';
import {
  boxShape,
  type CanvasRegion,
  hitTest,
  isEditableShape,
  polygonPoints,
  polygonShape,
  sameShape,
  shapeBounds,
  translateShape,
} from './shapes.ts';

/** The canvas tools: select/move/reshape, draw a box, draw a polygon, pan. */
export type Tool = 'select' | 'box' | 'polygon' | 'hand';

/** What the canvas asks of the editor: the document's data, and the writes (one transaction each). */
export interface CanvasHost {
  image(): Size | null;
  regions(): readonly CanvasRegion[];
  readOnly(): boolean;
  /** Adds a region; returns its id. */
  create(shape: Shape): string | null;
  /** Replaces a region's shape (called once per gesture, on pointer-up). */
  update(id: string, shape: Shape): void;
  /** The selection changed (by a click, a new region, Esc). */
  selected(id: string | null): void;
  /** A region was clicked without dragging it (the editor links a selected phrase to it). */
  clicked(id: string): void;
}

/** Where a pointer event happened: canvas-relative CSS pixels, the button, and what it hit. */
export interface PointerInput {
  x: number;
  y: number;
  button?: number;
  /** A handle of the selected box under the pointer. */
  handle?: Handle;
  /** A vertex of the selected polygon under the pointer. */
  vertex?: number;
}

type Drag =
  | { kind: 'pan'; last: Point }
  | { kind: 'draw'; start: Point; startScreen: Point }
  | { kind: 'move'; id: string; origin: Shape; start: Point; startScreen: Point; moved: boolean }
  | { kind: 'resize'; id: string; handle: Handle; origin: Rect }
  | { kind: 'vertex'; id: string; index: number; origin: Point[] };

/** A shape shown while a gesture is under way, before it is written; `id` null for a new region. */
export interface Preview {
  id: string | null;
  shape: Shape;
}

// Screen pixels: a press that moves less than this is a click; a box smaller than this is a slip.
const clickSlop = 3;
// Screen pixels around the first polygon point that close the polygon, and around outlines that hit.
export const closeRadius = 8;
const hitTolerance = 4;
const zoomStep = 1.25;

/**
 * The pointer and keyboard logic of the image canvas, without the DOM: gestures are shown live as a
 * {@link Preview} and written through the host once, on pointer-up, so each gesture is one
 * transaction and one undo step.
 */
export class CanvasController {
  tool = $state<Tool>('select');
  view = $state.raw<View>({ scale: 1, tx: 0, ty: 0 });
  viewport = $state.raw<Size>({ width: 0, height: 0 });
  selectedId = $state<string | null>(null);
  preview = $state.raw<Preview | null>(null);
  /** The polygon being drawn (image pixels). */
  draft = $state.raw<Point[]>([]);
  /** The pointer in image pixels (the rubber band of a polygon being drawn). */
  pointer = $state.raw<Point | null>(null);
  /** Space is held: any drag pans. */
  spaceHeld = $state(false);
  /** A pan is under way (for the cursor). */
  panning = $state(false);
  /** Until the user zooms or pans, the image is refitted whenever the canvas is resized. */
  autoFit = true;

  readonly #host: CanvasHost;
  #drag: Drag | null = null;

  constructor(host: CanvasHost) {
    this.#host = host;
  }

  /** Whether a drag is under way (geometry gestures and pans). */
  get dragging(): boolean {
    return this.#drag !== null;
  }

  setTool(tool: Tool): void {
    if (this.#host.readOnly() && (tool === 'box' || tool === 'polygon')) return;
    if (tool !== 'polygon') this.draft = [];
    this.tool = tool;
  }

  select(id: string | null): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    this.#host.selected(id);
  }

  /** The canvas element's size changed. */
  resize(viewport: Size): void {
    this.viewport = viewport;
    if (this.autoFit) this.fit();
  }

  fit(): void {
    const image = this.#host.image();
    if (!image || this.viewport.width <= 0) return;
    this.view = fitView(image, this.viewport);
  }

  /** Fit, and keep fitting on resize. */
  resetView(): void {
    this.autoFit = true;
    this.fit();
  }

  zoomBy(factor: number, anchor?: Point): void {
    this.autoFit = false;
    this.view = zoomAt(this.view, factor, anchor ?? { x: this.viewport.width / 2, y: this.viewport.height / 2 });
  }

  zoomIn(): void {
    this.zoomBy(zoomStep);
  }

  zoomOut(): void {
    this.zoomBy(1 / zoomStep);
  }

  /** A wheel event: zooms around the pointer (deltaY in pixels; negative zooms in). */
  wheel(deltaY: number, at: Point): void {
    this.zoomBy(Math.exp(-Math.max(-300, Math.min(300, deltaY)) * 0.0015), at);
  }

  pointerDown(input: PointerInput): void {
    const screen = { x: input.x, y: input.y };
    const button = input.button ?? 0;
    if (button === 1 || (button === 0 && (this.tool === 'hand' || this.spaceHeld))) {
      this.#startPan(screen);
      return;
    }
    if (button !== 0) return;
    const image = this.#host.image();
    if (!image) return;
    const at = screenToImage(this.view, screen);
    const readOnly = this.#host.readOnly();
    if (this.tool === 'box' && !readOnly) {
      this.#drag = { kind: 'draw', start: clampPoint(at, image), startScreen: screen };
      return;
    }
    if (this.tool === 'polygon' && !readOnly) {
      this.#addDraftPoint(clampPoint(at, image), screen);
      return;
    }
    const selected = this.#selectedRegion();
    if (selected && !readOnly && isEditableShape(selected.shape)) {
      if (input.handle && selected.shape.kind === 'box') {
        this.#drag = { kind: 'resize', id: selected.id, handle: input.handle, origin: shapeBounds(selected.shape) };
        return;
      }
      if (input.vertex !== undefined && selected.shape.kind === 'polygon') {
        this.#drag = { kind: 'vertex', id: selected.id, index: input.vertex, origin: polygonPoints(selected.shape) };
        return;
      }
    }
    const id = hitTest(this.#host.regions(), at, hitTolerance / this.view.scale, this.selectedId);
    if (id === null) {
      this.select(null);
      this.#startPan(screen);
      return;
    }
    this.select(id);
    const region = this.#host.regions().find((r) => r.id === id);
    if (region) this.#drag = { kind: 'move', id, origin: region.shape, start: at, startScreen: screen, moved: false };
  }

  pointerMove(input: PointerInput): void {
    const screen = { x: input.x, y: input.y };
    const image = this.#host.image();
    this.pointer = screenToImage(this.view, screen);
    const drag = this.#drag;
    if (!drag || !image) return;
    const at = this.pointer;
    switch (drag.kind) {
      case 'pan':
        this.view = panBy(this.view, screen.x - drag.last.x, screen.y - drag.last.y);
        drag.last = screen;
        return;
      case 'draw':
        this.preview = { id: null, shape: boxShape(boxFromDrag(drag.start, at, image)) };
        return;
      case 'move': {
        if (!drag.moved && Math.hypot(screen.x - drag.startScreen.x, screen.y - drag.startScreen.y) < clickSlop) return;
        drag.moved = true;
        if (this.#host.readOnly() || !isEditableShape(drag.origin)) return;
        this.preview = { id: drag.id, shape: translateShape(drag.origin, at.x - drag.start.x, at.y - drag.start.y, image) };
        return;
      }
      case 'resize':
        this.preview = { id: drag.id, shape: boxShape(resizeRect(drag.origin, drag.handle, at, image)) };
        return;
      case 'vertex':
        this.preview = { id: drag.id, shape: polygonShape(moveVertex(drag.origin, drag.index, at, image)) };
        return;
    }
  }

  pointerUp(input: PointerInput): void {
    this.pointerMove(input);
    const drag = this.#drag;
    const preview = this.preview;
    this.#drag = null;
    this.preview = null;
    this.panning = false;
    if (!drag) return;
    switch (drag.kind) {
      case 'pan':
        return;
      case 'draw': {
        const big = Math.abs(input.x - drag.startScreen.x) >= clickSlop && Math.abs(input.y - drag.startScreen.y) >= clickSlop;
        if (!preview || !big || !nonDegenerate(preview.shape)) return;
        const id = this.#host.create(preview.shape);
        if (id !== null) this.select(id);
        return;
      }
      case 'move':
        if (!drag.moved) {
          this.#host.clicked(drag.id);
          return;
        }
        this.#commit(drag.id, preview);
        return;
      case 'resize':
      case 'vertex':
        this.#commit(drag.id, preview);
        return;
    }
  }

  /** Esc: stop the gesture, then the polygon being drawn, then the selection. Returns whether something was cancelled. */
  cancel(): boolean {
    if (this.#drag) {
      this.#drag = null;
      this.preview = null;
      this.panning = false;
      return true;
    }
    if (this.draft.length > 0) {
      this.draft = [];
      return true;
    }
    if (this.selectedId !== null) {
      this.select(null);
      return true;
    }
    return false;
  }

  /** Enter: closes the polygon being drawn (three points at least). Returns whether it did. */
  closePolygon(): boolean {
    const points = this.draft;
    if (points.length < 3 || this.#host.readOnly()) return false;
    this.draft = [];
    const id = this.#host.create(polygonShape(points));
    if (id !== null) this.select(id);
    return true;
  }

  /** Backspace while drawing a polygon: drops its last point. */
  undoDraftPoint(): boolean {
    if (this.draft.length === 0) return false;
    this.draft = this.draft.slice(0, -1);
    return true;
  }

  /** The shape to draw for a region: the live preview during a gesture on it, else its own. */
  shapeOf(region: CanvasRegion): Shape {
    return this.preview?.id === region.id ? this.preview.shape : region.shape;
  }

  #startPan(screen: Point): void {
    this.autoFit = false;
    this.panning = true;
    this.#drag = { kind: 'pan', last: screen };
  }

  #addDraftPoint(point: Point, screen: Point): void {
    const first = this.draft[0];
    if (first && this.draft.length >= 3) {
      const firstScreen = { x: first.x * this.view.scale + this.view.tx, y: first.y * this.view.scale + this.view.ty };
      if (Math.hypot(screen.x - firstScreen.x, screen.y - firstScreen.y) <= closeRadius) {
        this.closePolygon();
        return;
      }
    }
    const last = this.draft[this.draft.length - 1];
    // A double click lands twice on one spot: keep one point.
    if (last && Math.hypot(last.x - point.x, last.y - point.y) * this.view.scale < 1) return;
    this.draft = [...this.draft, point];
  }

  #selectedRegion(): CanvasRegion | null {
    const id = this.selectedId;
    return id === null ? null : (this.#host.regions().find((r) => r.id === id) ?? null);
  }

  #commit(id: string, preview: Preview | null): void {
    if (!preview || preview.id !== id || !nonDegenerate(preview.shape)) return;
    const current = this.#host.regions().find((r) => r.id === id);
    if (!current || sameShape(current.shape, preview.shape)) return;
    this.#host.update(id, preview.shape);
  }
}

function nonDegenerate(shape: Shape): boolean {
  const bounds = shapeBounds(shape);
  return bounds.w > 0 && bounds.h > 0;
}
