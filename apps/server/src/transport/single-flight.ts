/**
 * Shares one lookup among the callers that ask for the same key while it is in flight, and forgets it
 * as soon as it settles: nothing is cached, so an answer is never older than the lookup it came from.
 * A reconnect storm (an instance stopping with 1012, a network blip) opens hundreds of sockets at once
 * with a few tokens and documents; each distinct (token) and (user, document) is then looked up once.
 * @example const principals = singleFlight<Principal | null>(); await principals(token, () => accounts.authenticate(token));
 */
export function singleFlight<T>(): (key: string, load: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, load) => {
    const pending = inFlight.get(key);
    if (pending) return pending;
    const started = load().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
