import type { PubSub } from '../coordination/types.ts';
import type { Logger } from '../log.ts';
import type { AccessChange, AccessNotifier } from '../services.ts';

const channel = 'access';

interface Envelope {
  /** The instance that made the change; it applied it already and skips its own message. */
  from: string;
  change: AccessChange;
}

/**
 * Access changes travel through pub/sub so every instance re-checks its own sockets
 * (abuse case 3: a removed member's sockets close within seconds). The instance making the change
 * applies it to its own sockets before `accessChanged` resolves, so a request that changed access
 * (a submit turning a copy read-only, workflow SPEC B5) answers only after this instance's sockets
 * follow; other instances follow when the message arrives.
 */
export async function createAccessEvents(options: {
  pubsub: PubSub;
  log: Logger;
  instanceId: string;
  listeners: Array<(change: AccessChange) => Promise<void>>;
}): Promise<AccessNotifier & { close(): Promise<void> }> {
  const { pubsub, log, instanceId, listeners } = options;
  const apply = async (change: AccessChange) => {
    await Promise.all(
      listeners.map((listener) => listener(change).catch((error: unknown) => log.error({ err: error }, 'applying an access change failed'))),
    );
  };
  const unsubscribe = await pubsub.subscribe(channel, (data) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(new TextDecoder().decode(data)) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === instanceId || !envelope.change) return;
    void apply(envelope.change);
  });
  return {
    async accessChanged(change) {
      await apply(change);
      const envelope: Envelope = { from: instanceId, change };
      await pubsub.publish(channel, new TextEncoder().encode(JSON.stringify(envelope)));
    },
    close: unsubscribe,
  };
}
