#!/usr/bin/env node
// `npx concord …` from the repository: runs the bundled CLI (apps/server/dist/cli.js, built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('Build first: npm run build\n');
  process.exit(2);
}
await import(cli.href);
