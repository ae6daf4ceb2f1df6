// Edit markers: each edit inserts a 20-character text that names its writer, its sequence number and its send
// time, so a receiver can find it in any frame with Buffer.indexOf (no Y.Doc) and compute latency.

/** Length of a marker in characters (and bytes: ASCII only). */
export const markerLength = 20;

const start = 0x7e; // '~'
const end = 0x21; // '!'
const writerDigits = 3;
const seqDigits = 5;
const timeDigits = 10;

/** Largest values a marker can carry. */
export const markerLimits = { writer: 36 ** writerDigits - 1, seq: 36 ** seqDigits - 1, timeUs: 36 ** timeDigits - 1 };

/** One decoded marker: who sent it, its sequence number, its send time (µs on the load generator's clock). */
export interface Marker {
  writer: number;
  seq: number;
  timeUs: number;
}

/**
 * Encodes a marker: `~` + writer (3 base-36 digits) + seq (5) + send time in µs (10) + `!`.
 * @example encodeMarker({ writer: 7, seq: 12, timeUs: 1_234_567 }) // '~00700000c0000qglj!'
 */
export function encodeMarker(marker: Marker): string {
  const { writer, seq, timeUs } = marker;
  if (!inRange(writer, markerLimits.writer) || !inRange(seq, markerLimits.seq) || !inRange(timeUs, markerLimits.timeUs)) {
    throw new RangeError(`marker out of range: ${JSON.stringify(marker)}`);
  }
  return `~${pad(writer, writerDigits)}${pad(seq, seqDigits)}${pad(timeUs, timeDigits)}!`;
}

/**
 * Calls `onMarker` for every well-formed marker in `bytes` (an update, a whole frame: any binary that
 * carries the inserted text verbatim). Returns how many were found.
 */
export function scanMarkers(bytes: Uint8Array, onMarker: (writer: number, seq: number, timeUs: number) => void): number {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let found = 0;
  let at = buffer.indexOf(start);
  while (at !== -1 && at + markerLength <= buffer.length) {
    if (buffer[at + markerLength - 1] === end) {
      const writer = readBase36(buffer, at + 1, writerDigits);
      const seq = writer < 0 ? -1 : readBase36(buffer, at + 1 + writerDigits, seqDigits);
      const timeUs = seq < 0 ? -1 : readBase36(buffer, at + 1 + writerDigits + seqDigits, timeDigits);
      if (timeUs >= 0) {
        onMarker(writer, seq, timeUs);
        found++;
        at = buffer.indexOf(start, at + markerLength);
        continue;
      }
    }
    at = buffer.indexOf(start, at + 1);
  }
  return found;
}

function inRange(value: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= max;
}

function pad(value: number, digits: number): string {
  return value.toString(36).padStart(digits, '0');
}

/** The base-36 number in `digits` bytes at `from`, or -1 when a byte is not a lower-case base-36 digit. */
function readBase36(bytes: Uint8Array, from: number, digits: number): number {
  let value = 0;
  for (let i = from; i < from + digits; i++) {
    const c = bytes[i]!;
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x7a) d = c - 0x61 + 10;
    else return -1;
    value = value * 36 + d;
  }
  return value;
}
