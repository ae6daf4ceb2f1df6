import { describe, expect, it } from 'vitest';
import { dayOf, dayWindow, formatWindow, presetWindow } from './report-window.ts';

describe('report windows', () => {
  it('makes a preset of the last N days up to now, from the hour so the same request repeats', () => {
    expect(presetWindow({ days: 7, now: new Date('2030-01-08T12:34:56Z') })).toEqual({ from: '2030-01-01T12:00:00.000Z', to: null });
    expect(presetWindow({ days: 7, now: new Date('2030-01-08T12:59:59Z') })).toEqual(presetWindow({ days: 7, now: new Date('2030-01-08T12:00:00Z') }));
  });

  it('turns two days into a window including both, and refuses an end before the start or a malformed day', () => {
    expect(dayWindow({ from: '2030-01-01', to: '2030-01-31' })).toEqual({ from: '2030-01-01T00:00:00.000Z', to: '2030-01-31T23:59:59.999Z' });
    expect(dayWindow({ from: '2030-01-05', to: '2030-01-05' })).not.toBeNull();
    expect(dayWindow({ from: '2030-02-01', to: '2030-01-31' })).toBeNull();
    expect(dayWindow({ from: '', to: '2030-01-31' })).toBeNull();
    expect(dayWindow({ from: '2030-1-1', to: '2030-01-31' })).toBeNull();
  });

  it('shows a window by its UTC days', () => {
    expect(dayOf('2030-01-31T23:59:59.999Z')).toBe('2030-01-31');
    expect(dayOf('nonsense')).toBe('');
    expect(formatWindow({ from: '2030-01-01T00:00:00Z', to: '2030-01-31T23:59:59Z' })).toBe('2030-01-01 – 2030-01-31');
  });
});
