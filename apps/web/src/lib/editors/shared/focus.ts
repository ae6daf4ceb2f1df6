import type { Awareness } from 'y-protocols/awareness';
import { type Peer, peersFromStates } from '$lib/collab/presence.ts';

/** What a user has selected: a field path (`turns.<id>.text`, `regions.<id>` …) as in the annotation-doc SPEC. */
export interface Focus {
  path: string;
}

/** The awareness field that carries each client's {@link Focus}. */
export const focusField = 'focus';

// Paths are short (a type, an id or index, a property); anything longer is not from our client.
const maxPathLength = 200;

/**
 * Shares the local user's selected field (or none) with everyone on the document. Does nothing when
 * the focus did not change, so it can be called on every focus event.
 *
 * @example setFocus(session.awareness, { path: 'turns.1.text' }); setFocus(session.awareness, null);
 */
export function setFocus(awareness: Awareness, focus: Focus | null): void {
  const current = focusOf(awareness.getLocalState());
  if ((current?.path ?? null) === (focus?.path ?? null)) return;
  awareness.setLocalStateField(focusField, focus === null ? null : { path: focus.path });
}

/**
 * Clears the local focus only if it is still `path` (a blur that arrives after the next field's focus
 * must not clear the new one).
 */
export function clearFocus(awareness: Awareness, path: string): void {
  if (focusOf(awareness.getLocalState())?.path === path) awareness.setLocalStateField(focusField, null);
}

/** The validated focus in one awareness state, or null. States are untrusted. */
export function focusOf(state: unknown): Focus | null {
  if (typeof state !== 'object' || state === null) return null;
  const focus = (state as Record<string, unknown>)[focusField];
  if (typeof focus !== 'object' || focus === null) return null;
  const path = (focus as Record<string, unknown>).path;
  return typeof path === 'string' && path !== '' && path.length <= maxPathLength ? { path } : null;
}

/**
 * The other users per focused field path, from an awareness states map: validated like the peer list
 * (names cleaned, colors checked), one entry per user and path even with several tabs, sorted by name.
 * The local client is left out; pass `selfUserId` to leave out the local user's other tabs too.
 *
 * @example
 *   const byPath = peersByFocus(session.awareness.getStates(), session.doc.clientID);
 *   byPath.get('turns.1.text') // [{ name: 'Ann', color: '#…', … }]
 */
export function peersByFocus(states: Map<number, unknown>, selfClientId: number, selfUserId?: string): Map<string, Peer[]> {
  const byPath = new Map<string, Peer[]>();
  for (const peer of peersFromStates(states, selfClientId, () => null)) {
    if (peer.userId === selfUserId) continue;
    const focus = focusOf(states.get(peer.clientId));
    if (focus === null) continue;
    const list = byPath.get(focus.path) ?? [];
    if (!list.some((other) => other.userId === peer.userId)) list.push(peer);
    byPath.set(focus.path, list);
  }
  return byPath;
}

/**
 * {@link peersByFocus} for a live session. Reads `session.peers` first, so inside `$derived` it is
 * recomputed whenever someone's awareness changes.
 *
 * @example const focused = $derived(livePeersByFocus(session, self.id));
 */
export function livePeersByFocus(
  session: { readonly peers: readonly Peer[]; readonly awareness: Awareness; readonly doc: { clientID: number } },
  selfUserId?: string,
): Map<string, Peer[]> {
  void session.peers;
  return peersByFocus(session.awareness.getStates(), session.doc.clientID, selfUserId);
}

/** The local user's id as the session announced it in awareness (to leave out their other tabs). */
export function selfUserId(session: { readonly awareness: Awareness }): string | undefined {
  const user: unknown = session.awareness.getLocalState()?.user;
  if (typeof user !== 'object' || user === null) return undefined;
  const id = (user as Record<string, unknown>).id;
  return typeof id === 'string' ? id : undefined;
}
