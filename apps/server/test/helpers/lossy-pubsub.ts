import type { MessageHandler, PubSub } from '../../src/coordination/types.ts';

export interface LossyPubSub extends PubSub {
  /** Messages for which this returns true are dropped before this instance's handlers see them. */
  drop: (channel: string, message: Uint8Array) => boolean;
  /** How many messages were dropped so far. */
  readonly dropped: number;
  /** Runs the `onReconnect` listeners, as if the subscriber connection had come back. */
  reconnected(): void;
}

/**
 * Wraps an instance's pub/sub so a test decides which incoming messages get lost (Redis pub/sub is
 * at-most-once), deterministically. Publishing is untouched: other instances still hear everything.
 * @example const lossy = createLossyPubSub(coordination.pubsub); lossy.drop = (_c, m) => isUpdate(m);
 */
export function createLossyPubSub(inner: PubSub): LossyPubSub {
  const listeners = new Set<() => void>();
  let dropped = 0;
  const lossy: LossyPubSub = {
    drop: () => false,
    get dropped() {
      return dropped;
    },
    publish: (channel, message) => inner.publish(channel, message),
    subscribe(channel, handler: MessageHandler) {
      return inner.subscribe(channel, (message) => {
        if (lossy.drop(channel, message)) dropped += 1;
        else handler(message);
      });
    },
    onReconnect(listener) {
      listeners.add(listener);
      const off = inner.onReconnect?.(listener);
      return () => {
        listeners.delete(listener);
        off?.();
      };
    },
    reconnected() {
      for (const listener of [...listeners]) listener();
    },
  };
  return lossy;
}
