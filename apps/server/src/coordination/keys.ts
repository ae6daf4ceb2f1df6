/**
 * The one place Redis key and channel names are built. Every caller-supplied segment is checked
 * against an allow-list first, so a name can never smuggle a glob, a separator run or another
 * deployment's prefix into a key. The memory implementation applies the same checks, so both
 * implementations reject exactly the same names.
 */

/** Scope, lock name and channel segments: printable ASCII id characters, 1-200 long. */
export const SEGMENT_PATTERN = /^[A-Za-z0-9_.:-]{1,200}$/;

/**
 * Prefixes may not contain ':' so that `{prefix}:*` (see {@link keyPattern}) matches this
 * deployment's keys only, never those of a longer prefix such as `concord:staging`.
 */
export const PREFIX_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** What a segment is used for; it only shapes the error message. */
export type SegmentKind = 'scope' | 'lock name' | 'channel' | 'counter name';

function preview(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}

/**
 * Throws a TypeError unless `value` is a valid key segment.
 *
 * @example
 * assertSegment('lock name', 'doc:42'); // ok
 * assertSegment('channel', 'room 1');   // throws: spaces are not allowed
 */
export function assertSegment(kind: SegmentKind, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !SEGMENT_PATTERN.test(value)) {
    throw new TypeError(`Invalid ${kind} ${preview(value)}: must match ${String(SEGMENT_PATTERN)}`);
  }
}

/** Throws a TypeError unless `value` is a valid key prefix (no ':'; see {@link PREFIX_PATTERN}). */
export function assertPrefix(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !PREFIX_PATTERN.test(value)) {
    throw new TypeError(`Invalid key prefix ${preview(value)}: must match ${String(PREFIX_PATTERN)}`);
  }
}

/**
 * Throws unless `value` is a non-empty string. Presence members and lock owners are stored as
 * values, not key segments, so they only need to be non-empty (at most 1000 characters).
 */
export function assertIdentity(kind: 'member' | 'owner', value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) {
    throw new TypeError(`Invalid ${kind} ${preview(value)}: must be a string of 1-1000 characters`);
  }
}

/** Throws a RangeError unless `ttlMs` is a positive integer number of milliseconds (what PX accepts). */
export function assertTtl(ttlMs: unknown): asserts ttlMs is number {
  if (typeof ttlMs !== 'number' || !Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`Invalid ttlMs ${String(ttlMs)}: must be a positive integer`);
  }
}

export function assertAbove(above: unknown): asserts above is number {
  if (typeof above !== 'number' || !Number.isSafeInteger(above) || above < 0) {
    throw new RangeError(`Invalid fencing floor ${String(above)}: must be a non-negative integer`);
  }
}

/** Key names for one deployment prefix. */
export interface CoordinationKeys {
  prefix: string;
  /** Sorted set member → expiry (ms since epoch, Redis clock). */
  presence(scope: string): string;
  /** Hash member → JSON data, kept beside {@link CoordinationKeys.presence}. */
  presenceData(scope: string): string;
  /** String `"{token} {owner}"` with a PX expiry while the lock is held. */
  lock(name: string): string;
  /** Counter incremented on every successful acquire; never expires so tokens never repeat. */
  fence(name: string): string;
  /** Pub/sub channel name. */
  channel(channel: string): string;
  /** Integer string with a PX expiry set by the first increment (fixed window). */
  counter(name: string): string;
  /** SCAN MATCH pattern covering every key of this prefix (tests use it to clean up). */
  pattern: string;
}

/**
 * Builds the key-name functions for a prefix, validating the prefix now and each segment per call.
 *
 * @example
 * const keys = createKeys({ prefix: 'concord' });
 * keys.lock('doc:42'); // 'concord:lock:doc:42'
 */
export function createKeys(options: { prefix: string }): CoordinationKeys {
  const { prefix } = options;
  assertPrefix(prefix);
  const build = (type: string, kind: SegmentKind, segment: string): string => {
    assertSegment(kind, segment);
    return `${prefix}:${type}:${segment}`;
  };
  return Object.freeze({
    prefix,
    presence: (scope: string) => build('presence', 'scope', scope),
    presenceData: (scope: string) => build('presence-data', 'scope', scope),
    lock: (name: string) => build('lock', 'lock name', name),
    fence: (name: string) => build('fence', 'lock name', name),
    channel: (channel: string) => build('chan', 'channel', channel),
    counter: (name: string) => build('counter', 'counter name', name),
    pattern: `${prefix}:*`,
  });
}
