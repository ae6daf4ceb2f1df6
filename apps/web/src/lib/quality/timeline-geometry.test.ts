import type { TimelinePoint } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { fixtureReport } from './fixtures.ts';
import { bandPath, createTimelineScale, linePath, nearestBucket, timelineSeries, valueDomain, type ChartBox } from './timeline-geometry.ts';

const box: ChartBox = { width: 220, height: 120, left: 20, right: 0, top: 10, bottom: 10 };
const point = (bucket: string, value: number | null, ci: [number, number] | null = null): TimelinePoint => ({ slice: 's', bucket, value, ci, units: 5 });

describe('timeline geometry', () => {
  it('groups the timeline into one series per slice, all items first, each oldest first', () => {
    const series = timelineSeries(fixtureReport().timeline);
    expect(series.map((s) => s.slice)).toEqual(['*', 'hard']);
    expect(series[0]?.points.map((p) => p.bucket)).toEqual(['2030-01-06', '2030-01-13']);
    expect(series[1]?.points.map((p) => p.value)).toEqual([0.5, null, 0.4]);
  });

  it('spans the value axis from the lowest value, bound or threshold (at least 0) up to 1, in tenths, never below −1', () => {
    expect(valueDomain({ points: [{ value: 0.4, ci: [0.21, 0.6] }], threshold: 0.75 })).toEqual([0, 1]);
    expect(valueDomain({ points: [{ value: -0.05, ci: [-0.32, 0.1] }], threshold: 0.75 })).toEqual([-0.4, 1]);
    expect(valueDomain({ points: [{ value: -0.9, ci: [-1.5, 0] }], threshold: 0.75 })).toEqual([-1, 1]);
    expect(valueDomain({ points: [], threshold: -0.2 })).toEqual([-0.2, 1]);
  });

  it('places buckets by time and values on the domain', () => {
    const points = [point('2030-01-06', 1), point('2030-01-13', 0.5), point('2030-01-27', 0)];
    const scale = createTimelineScale({ points, threshold: 0.75, box });
    expect(scale.buckets).toEqual(['2030-01-06', '2030-01-13', '2030-01-27']);
    expect(points.map((p) => scale.x(p.bucket))).toEqual([20, 86.7, 220]);
    expect([1, 0.5, 0].map(scale.y)).toEqual([10, 60, 110]);
    expect(scale.ticks).toEqual([1, 0.8, 0.6, 0.4, 0.2, 0]);
    expect(createTimelineScale({ points: [point('2030-01-06', 0.5)], threshold: 0.75, box }).x('2030-01-06')).toBe(120);
  });

  it('draws a line that breaks at an undefined bucket instead of dropping to 0', () => {
    const scale = createTimelineScale({ points: [point('2030-01-06', 1), point('2030-01-27', 0)], threshold: 0.75, box });
    const path = linePath([point('2030-01-06', 1), point('2030-01-13', 0.5), point('2030-01-20', null), point('2030-01-27', 0)], scale);
    expect(path).toBe('M20 10 L86.7 60 M220 110');
    expect(linePath([point('2030-01-06', null)], scale)).toBe('');
  });

  it('draws the confidence band along the upper bounds and back along the lower ones, per run with an interval', () => {
    const points = [point('2030-01-06', 0.5, [0.4, 0.6]), point('2030-01-13', 0.5, [0.2, 0.8]), point('2030-01-20', 0.5), point('2030-01-27', 0.5, [0, 1])];
    const scale = createTimelineScale({ points, threshold: 0.75, box });
    expect(bandPath(points, scale)).toBe('M20 50 L86.7 30 L86.7 90 L20 70 Z M220 10 L220 110 Z');
    expect(bandPath([point('2030-01-06', 0.5)], scale)).toBe('');
  });

  it('finds the bucket nearest a hover position', () => {
    const scale = createTimelineScale({ points: [point('2030-01-06', 1), point('2030-01-13', 1), point('2030-01-27', 1)], threshold: 0.75, box });
    expect(nearestBucket(scale, 0)).toBe('2030-01-06');
    expect(nearestBucket(scale, 60)).toBe('2030-01-13');
    expect(nearestBucket(scale, 400)).toBe('2030-01-27');
    expect(nearestBucket({ buckets: [], x: () => 0 }, 10)).toBeNull();
  });
});
