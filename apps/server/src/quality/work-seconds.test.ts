import { describe, expect, it } from 'vitest';
import { maxWorkSeconds, workSeconds, type TimelineEntry } from './work-seconds.ts';

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 0, 1, 10, minute, second)).toISOString();
const entry = (action: string, time: string, detail: Record<string, unknown> | null = null): TimelineEntry => ({ action, at: time, detail });

describe('seconds of work [O2]', () => {
  it('[O2] counts from taking the work to submitting it', () => {
    expect(workSeconds([entry('assignment.taken', at(0)), entry('assignment.submitted', at(1, 30))], Date.parse(at(1, 30)))).toBe(90);
  });

  it('[O2] leaves out the gap between a lapsed lease and taking the work again', () => {
    const timeline = [
      entry('assignment.taken', at(0)),
      entry('assignment.expired', at(30), { leaseExpiredAt: at(10) }),
      entry('assignment.taken', at(40)),
      entry('assignment.submitted', at(45)),
    ];
    expect(workSeconds(timeline, Date.parse(at(45)))).toBe(15 * 60);
  });

  it('[O2] adds the rework after a return to the first round, and runs to now when not submitted yet', () => {
    const timeline = [entry('assignment.taken', at(0)), entry('assignment.submitted', at(2)), entry('review.returned', at(5))];
    expect(workSeconds(timeline, Date.parse(at(6)))).toBe(3 * 60);
  });

  it('[O2] is capped at two hours and null without a start', () => {
    expect(workSeconds([entry('assignment.taken', at(0))], Date.parse(at(0)) + 5 * 3600_000)).toBe(maxWorkSeconds);
    expect(workSeconds([entry('assignment.submitted', at(1))], Date.parse(at(2)))).toBeNull();
  });
});
