/** The parts of a transcript segment the timing helpers look at (seconds). */
export interface Timed {
  id: string;
  start: number;
  end: number;
}

/**
 * The segment playing at `time`: the one whose [start, end) holds it, the latest-starting one when
 * several overlap; null between segments.
 *
 * @example activeSegmentId([{ id: 'a', start: 0, end: 2 }], 1.5) // 'a'
 */
export function activeSegmentId(segments: readonly Timed[], time: number): string | null {
  let best: Timed | null = null;
  for (const segment of segments) {
    if (time >= segment.start && time < segment.end && (best === null || segment.start >= best.start)) best = segment;
  }
  return best?.id ?? null;
}

/** Length of a segment added at the playhead when nothing follows it, in seconds. */
export const defaultSegmentLength = 3;

/**
 * Times for a segment added at the playhead: from `time` to the next segment's start, at most
 * {@link defaultSegmentLength} seconds and never past the end of the recording.
 */
export function segmentAt(time: number, segments: readonly Timed[], duration: number | null): { start: number; end: number } {
  const start = roundTime(Math.max(0, time));
  let end = start + defaultSegmentLength;
  for (const segment of segments) if (segment.start > start) end = Math.min(end, segment.start);
  if (duration !== null && Number.isFinite(duration) && duration > start) end = Math.min(end, duration);
  if (end <= start) end = start + 0.5;
  return { start, end: roundTime(end) };
}

/** Times are stored to the hundredth of a second. */
export function roundTime(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

/**
 * `m:ss.cc` for showing a time.
 *
 * @example formatTime(62.5) // '1:02.50'
 */
export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–:––';
  const whole = Math.floor(seconds / 60);
  const rest = seconds - whole * 60;
  return `${whole}:${rest.toFixed(2).padStart(5, '0')}`;
}

/** A number typed into a time input, or null when it is not a time (empty, negative, not a number). */
export function parseTime(value: string): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) && n >= 0 ? roundTime(n) : null;
}
