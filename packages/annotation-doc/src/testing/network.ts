import * as Y from 'yjs';
import type { Dice } from './random-helpers.ts';

/** Origin of updates the network applies, so they are not sent on again. */
const networkOrigin = Symbol('convergence-network');

/** One replica of the document and what the network holds for it. */
export interface Peer {
  doc: Y.Doc;
  online: boolean;
  /** Updates sent to this replica and not yet delivered; delivered in random order, some twice. */
  inbox: Uint8Array[];
}

/**
 * A simulated network between replicas, after yjs's TestConnector: every local update goes to the inbox
 * of every other online replica; deliveries happen in random order, some are duplicated; a replica that
 * goes offline keeps its own changes (and, sometimes, its inbox) until it reconnects with a full
 * state-vector sync.
 */
export class Network {
  readonly peers: Peer[];

  constructor(
    docs: Y.Doc[],
    private readonly dice: Dice,
  ) {
    this.peers = docs.map((doc) => ({ doc, online: true, inbox: [] }));
    for (const peer of this.peers) {
      peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === networkOrigin || !peer.online) return;
        for (const other of this.peers) if (other !== peer && other.online) other.inbox.push(update);
      });
    }
  }

  /** Delivers one random pending update to a random replica (sometimes keeping a copy to deliver again). */
  deliverOne(duplicates = true): Peer | null {
    const waiting = this.peers.filter((p) => p.online && p.inbox.length > 0);
    const peer = this.dice.pick(waiting);
    if (!peer) return null;
    const [update] = peer.inbox.splice(this.dice.int(peer.inbox.length), 1);
    if (!update) return null;
    Y.applyUpdate(peer.doc, update, networkOrigin);
    if (duplicates && this.dice.chance(0.1)) peer.inbox.splice(this.dice.int(peer.inbox.length + 1), 0, update);
    return peer;
  }

  /** Takes a random online replica offline; its in-flight updates are lost or kept (buffered). */
  disconnectOne(): Peer | null {
    const peer = this.dice.pick(this.peers.filter((p) => p.online));
    if (!peer) return null;
    peer.online = false;
    if (this.dice.chance(0.5)) peer.inbox = [];
    return peer;
  }

  /** Brings a random offline replica back with a full state-vector sync against every online one. */
  reconnectOne(): Peer | null {
    const peer = this.dice.pick(this.peers.filter((p) => !p.online));
    if (!peer) return null;
    peer.online = true;
    for (const other of this.peers) if (other !== peer && other.online) this.sync(peer, other);
    return peer;
  }

  /** Everyone online, every pending update delivered (random order), then a full sync of every pair. */
  flush(): void {
    for (const peer of this.peers) peer.online = true;
    while (this.deliverOne(false) !== null);
    for (const a of this.peers) for (const b of this.peers) if (a !== b) this.sync(a, b);
  }

  private sync(a: Peer, b: Peer): void {
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)), networkOrigin);
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), networkOrigin);
  }
}
