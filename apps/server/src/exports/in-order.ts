/**
 * Maps `inputs` through `work` with at most `limit` calls in flight and yields the results in input order,
 * each as soon as it and every earlier one are done (an export page builds its items this way, X2).
 * A failure is thrown when its turn comes; calls already started then finish unobserved.
 * @example for await (const built of inOrder(page, 6, build)) write(built);
 */
export async function* inOrder<T, R>(inputs: readonly T[], limit: number, work: (input: T) => Promise<R>): AsyncGenerator<R> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`inOrder: limit must be a positive integer, not ${limit}`);
  const inFlight: Promise<R>[] = [];
  let next = 0;
  const start = () => {
    const call = work(inputs[next++]!);
    // Handled here so a failure that waits for its turn is not an unhandled rejection; awaited below.
    call.catch(() => undefined);
    inFlight.push(call);
  };
  while (next < inputs.length && inFlight.length < limit) start();
  while (inFlight.length > 0) {
    const result = await inFlight.shift()!;
    if (next < inputs.length) start();
    yield result;
  }
}
