import type { TimelinePoint } from '@concord/protocol';

/** The drawing area of a chart: its size and the margins kept for the axes. */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** One slice's line: its points, oldest bucket first. */
export interface TimelineSeries {
  slice: string;
  points: TimelinePoint[];
}

/** Where a chart puts buckets (x) and values (y), with the axis ticks. */
export interface TimelineScale {
  box: ChartBox;
  /** Every bucket of every series, oldest first. */
  buckets: string[];
  /** The value axis, low to high. */
  domain: [number, number];
  ticks: number[];
  x(bucket: string): number;
  y(value: number): number;
}

/**
 * The timeline as one series per slice (`*`, all items, first; then by name), each oldest first.
 * @example timelineSeries(report.timeline).map((s) => s.slice) // ['*', 'ocr', 'receipts']
 */
export function timelineSeries(points: readonly TimelinePoint[]): TimelineSeries[] {
  const bySlice = new Map<string, TimelinePoint[]>();
  for (const point of points) {
    const list = bySlice.get(point.slice) ?? [];
    list.push(point);
    bySlice.set(point.slice, list);
  }
  return [...bySlice.entries()]
    .sort(([a], [b]) => (a === '*' ? -1 : b === '*' ? 1 : a.localeCompare(b)))
    .map(([slice, list]) => ({ slice, points: list.toSorted((p, q) => p.bucket.localeCompare(q.bucket)) }));
}

/**
 * The value axis: up to 1, down to the lowest value, interval bound or threshold (and at least to 0),
 * rounded down to a tenth, never below -1.
 * @example valueDomain({ points: [{ value: 0.4, ci: [0.21, 0.6] }], threshold: 0.75 }) // [0, 1]
 */
export function valueDomain(options: { points: readonly Pick<TimelinePoint, 'value' | 'ci'>[]; threshold: number }): [number, number] {
  let low = Math.min(0, options.threshold);
  for (const point of options.points) {
    if (point.value !== null) low = Math.min(low, point.value);
    if (point.ci) low = Math.min(low, point.ci[0]);
  }
  return [Math.max(-1, Math.floor(low * 10 + 1e-9) / 10), 1];
}

/**
 * Places buckets by time across the box (one bucket in the middle) and values on the domain.
 * @example const scale = createTimelineScale({ points, threshold: 0.75, box }); scale.y(1) // box.top
 */
export function createTimelineScale(options: { points: readonly TimelinePoint[]; threshold: number; box: ChartBox }): TimelineScale {
  const { box } = options;
  const buckets = [...new Set(options.points.map((p) => p.bucket))].sort();
  const domain = valueDomain({ points: options.points, threshold: options.threshold });
  const first = Date.parse(buckets[0] ?? '');
  const last = Date.parse(buckets.at(-1) ?? '');
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const x = (bucket: string) => {
    if (!(last > first)) return round(box.left + plotWidth / 2);
    return round(box.left + ((Date.parse(bucket) - first) / (last - first)) * plotWidth);
  };
  const y = (value: number) => round(box.top + ((domain[1] - value) / (domain[1] - domain[0])) * plotHeight);
  const ticks: number[] = [];
  const step = domain[1] - domain[0] > 1 ? 0.5 : 0.2;
  for (let t = domain[1]; t >= domain[0] - 1e-9; t -= step) ticks.push(Math.round(t * 10) / 10);
  return { box, buckets, domain, ticks, x, y };
}

/**
 * The SVG path of a series' line; a bucket without a value (undefined agreement) breaks the line
 * rather than drawing it at 0.
 * @example linePath(points, scale) // 'M10 20 L50 30 M90 25 L130 22'
 */
export function linePath(points: readonly TimelinePoint[], scale: Pick<TimelineScale, 'x' | 'y'>): string {
  return runs(points, (p) => p.value !== null)
    .map((run) => run.map((p, i) => `${i === 0 ? 'M' : 'L'}${scale.x(p.bucket)} ${scale.y(p.value as number)}`).join(' '))
    .join(' ');
}

/**
 * The SVG path of a series' confidence band: for each run of buckets with an interval, along the
 * upper bounds and back along the lower ones, closed. Empty when no bucket has an interval.
 * @example bandPath(points, scale) // 'M10 15 L50 25 L50 35 L10 25 Z'
 */
export function bandPath(points: readonly TimelinePoint[], scale: Pick<TimelineScale, 'x' | 'y'>): string {
  return runs(points, (p) => p.ci !== null)
    .map((run) => {
      const upper = run.map((p, i) => `${i === 0 ? 'M' : 'L'}${scale.x(p.bucket)} ${scale.y((p.ci as [number, number])[1])}`);
      const lower = run.toReversed().map((p) => `L${scale.x(p.bucket)} ${scale.y((p.ci as [number, number])[0])}`);
      return `${[...upper, ...lower].join(' ')} Z`;
    })
    .join(' ');
}

/**
 * The bucket whose x is closest to a horizontal position (for hover), or null without buckets.
 * @example nearestBucket(scale, 52) // '2030-01-06'
 */
export function nearestBucket(scale: Pick<TimelineScale, 'buckets' | 'x'>, position: number): string | null {
  let best: string | null = null;
  let distance = Infinity;
  for (const bucket of scale.buckets) {
    const d = Math.abs(scale.x(bucket) - position);
    if (d < distance) [best, distance] = [bucket, d];
  }
  return best;
}

function runs<T>(items: readonly T[], keep: (item: T) => boolean): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    if (keep(item)) current.push(item);
    else if (current.length > 0) {
      result.push(current);
      current = [];
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

const round = (value: number) => Math.round(value * 10) / 10;
