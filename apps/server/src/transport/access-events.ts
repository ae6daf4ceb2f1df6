import type { PubSub } from '../coordination/types.ts';
import type { Logger } from '../log.ts';
import type { AccessChange, AccessNotifier } from '../services.ts';

const channel = 'access';

/**
 * Access changes travel through pub/sub so every instance re-checks its own sockets
 * (abuse case 3: a removed member's sockets close within seconds).
 */
export async function createAccessEvents(options: {
  pubsub: PubSub;
  log: Logger;
  listeners: Array<(change: AccessChange) => Promise<void>>;
}): Promise<AccessNotifier & { close(): Promise<void> }> {
  const { pubsub, log, listeners } = options;
  const unsubscribe = await pubsub.subscribe(channel, (data) => {
    let change: AccessChange;
    try {
      change = JSON.parse(new TextDecoder().decode(data)) as AccessChange;
    } catch {
      return;
    }
    for (const listener of listeners) {
      listener(change).catch((error: unknown) => log.error({ err: error }, 'applying an access change failed'));
    }
  });
  return {
    accessChanged: (change) => pubsub.publish(channel, new TextEncoder().encode(JSON.stringify(change))),
    close: unsubscribe,
  };
}
