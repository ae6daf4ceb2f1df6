// @hocuspocus/server 3.4.4 as a benchmark child. With a storage dir its documents live in files, one per
// document, through the onLoadDocument/onStoreDocument hooks (what @hocuspocus/extension-database does;
// extension-sqlite needs the native sqlite3 build, which this machine cannot download).
import { mkdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Server, type Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import { childArgs } from '../ipc.ts';
import { serveServer } from './serve.ts';
import type { ServerArgs } from './types.ts';

const args = childArgs<ServerArgs>();

function fileStore(dir: string): Partial<Extension> {
  mkdirSync(dir, { recursive: true });
  const fileOf = (name: string) => join(dir, `${encodeURIComponent(name)}.bin`);
  return {
    async onLoadDocument({ documentName, document }) {
      const stored = await readFile(fileOf(documentName)).catch(() => null);
      if (stored) Y.applyUpdate(document, new Uint8Array(stored));
    },
    async onStoreDocument({ documentName, document }) {
      const file = fileOf(documentName);
      await writeFile(`${file}.tmp`, Y.encodeStateAsUpdate(document));
      await rename(`${file}.tmp`, file);
    },
  };
}

serveServer(async () => {
  const server = new Server({
    port: args.port,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    extensions: args.storageDir ? [fileStore(args.storageDir) as Extension] : [],
  });
  await server.listen();
  const port = server.address.port;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    setup: async ({ documents }) => Array.from({ length: documents }, (_, i) => ({ room: `doc-${i}`, token: 'bench' })),
    docsLoaded: async () => server.hocuspocus.getDocumentsCount(),
    async close() {
      server.hocuspocus.closeConnections();
      // Documents store (onStoreDocument) and unload once their last connection is gone.
      for (let i = 0; i < 200 && server.hocuspocus.getDocumentsCount() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      await server.destroy();
    },
  };
});
