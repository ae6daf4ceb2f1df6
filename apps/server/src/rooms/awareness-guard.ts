import { CloseCode } from '@concord/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ProtocolError } from './protocol-error.ts';

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** Null removes the client's state. */
  state: Record<string, unknown> | null;
}

export interface AwarenessIdentity {
  userId: string;
  userName: string;
}

/** Most Yjs client ids one connection may speak for (a doc's clientID can change after a conflict). */
export const maxClientIdsPerSession = 4;

/**
 * Checks a client's awareness update and rewrites it so the identity comes from the token:
 * - entries for client ids this connection owns are kept; a client id nobody has yet is claimed
 *   (at most `maxClientIdsPerSession`); entries for anybody else's id are dropped silently — the
 *   stock y-websocket client echoes every state it receives, so an echo is normal, not an attack;
 * - each state a JSON object (or null) of at most `maxStateBytes`;
 * - `state.user.id` and `state.user.name` are overwritten with the authenticated user.
 * Returns the re-encoded update (null when nothing is left) and the ids newly claimed.
 * Throws ProtocolError for malformed or oversized updates.
 */
export function sanitizeAwarenessUpdate(options: {
  update: Uint8Array;
  identity: AwarenessIdentity;
  ownedIds: ReadonlySet<number>;
  /** Whether the id has a state in the room or belongs to another connection. */
  isTaken: (clientId: number) => boolean;
  maxStateBytes: number;
}): { update: Uint8Array | null; claimed: number[]; entries: AwarenessEntry[] } {
  const claimed: number[] = [];
  const kept: AwarenessEntry[] = [];
  for (const entry of readAwarenessEntries(options.update, options.maxStateBytes)) {
    const own = options.ownedIds.has(entry.clientId) || claimed.includes(entry.clientId);
    // Echoes of other clients' states are skipped before their JSON is even parsed.
    if (!own && (options.isTaken(entry.clientId) || options.ownedIds.size + claimed.length >= maxClientIdsPerSession)) continue;
    const state = parseState(entry.json);
    if (!own) {
      if (state === null) continue;
      claimed.push(entry.clientId);
    }
    kept.push({ clientId: entry.clientId, clock: entry.clock, state: state ? withIdentity(state, options.identity) : null });
  }
  return { update: kept.length > 0 ? encodeAwarenessUpdate(kept) : null, claimed, entries: kept };
}

function withIdentity(state: Record<string, unknown>, identity: AwarenessIdentity): Record<string, unknown> {
  const claimed = state.user;
  const user: Record<string, unknown> = {};
  if (claimed && typeof claimed === 'object' && !Array.isArray(claimed)) {
    const color = (claimed as Record<string, unknown>).color;
    if (typeof color === 'string' && color.length <= 32) user.color = color;
  }
  user.id = identity.userId;
  user.name = identity.userName;
  return { ...state, user };
}

/**
 * Most entries one awareness update may carry. The stock client re-sends every state it received, so an
 * update can list everyone in the room; this only bounds the work one frame can cause.
 */
export const maxAwarenessEntries = 10_000;

interface RawAwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

/** Strict decode of a y-protocols awareness update's framing; the states stay unparsed JSON text. */
function readAwarenessEntries(update: Uint8Array, maxStateBytes: number): RawAwarenessEntry[] {
  const entries: RawAwarenessEntry[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > maxAwarenessEntries) throw new ProtocolError(CloseCode.policyViolation, 'too many awareness states');
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > maxStateBytes) throw new ProtocolError(CloseCode.messageTooBig, 'awareness state too big');
      entries.push({ clientId, clock, json });
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError(CloseCode.invalidPayload, 'trailing bytes');
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(CloseCode.invalidPayload, 'malformed awareness update');
  }
  return entries;
}

/** A state: a JSON object or null, else ProtocolError(1007). */
function parseState(json: string): Record<string, unknown> | null {
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch {
    throw new ProtocolError(CloseCode.invalidPayload, 'malformed awareness update');
  }
  if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
    throw new ProtocolError(CloseCode.invalidPayload, 'awareness state is not an object');
  }
  return state as Record<string, unknown> | null;
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}
