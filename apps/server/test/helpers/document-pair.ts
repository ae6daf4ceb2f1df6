import type { TestServer } from './test-server.ts';
import { connectYjs, synced, type YjsClient } from './yjs-client.ts';

/**
 * A new document (in a new project made through `first`) with one stock client on each instance, both
 * synced. The clients are pushed onto `clients`, which the suite destroys in its teardown.
 * @example const { id, a, b } = await clientsOnBothInstances({ first, second, clients, name: 'Gap' });
 */
export async function clientsOnBothInstances(options: {
  first: TestServer;
  second: TestServer;
  clients: YjsClient[];
  name: string;
}): Promise<{ id: string; a: YjsClient; b: YjsClient }> {
  const { first, second, clients } = options;
  const project = await first.api.createProject(options.name);
  const { id } = await first.api.createDocument(project.id);
  const a = connectYjs(first.wsUrl, id, first.api.token);
  const b = connectYjs(second.wsUrl, id, second.api.token);
  clients.push(a, b);
  await Promise.all([synced(a), synced(b)]);
  return { id, a, b };
}
