// Bundles the server into one ESM file: workspace packages (@concord/*, TypeScript sources) are
// inlined, every npm dependency stays an import that node resolves from node_modules at run time
// (a bundled PGlite would lose the wasm and data files it loads next to itself).
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(serverDir, '../..');
const entry = join(serverDir, 'src/main.ts');
const outDir = join(serverDir, 'dist');
const outfile = join(outDir, 'main.js');
// Command-line tools bundled beside the server, run as `node apps/server/dist/<name>.js`; `cli` is
// `concord` (bin/concord.mjs imports it).
const tools = { 'audit-verify': join(serverDir, 'src/audit/verify-cli.ts'), cli: join(serverDir, 'src/cli/main.ts') };
const migrationsSrc = join(repoDir, 'packages/db/drizzle');

/** The server and every package under packages/, each with the npm names it may import at run time. */
function readWorkspaces() {
  const dirs = [serverDir, ...readdirSync(join(repoDir, 'packages')).map((name) => join(repoDir, 'packages', name))];
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const runtime = { ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies };
      return { dir, name: pkg.name, runtime: new Set(Object.keys(runtime)), dev: new Set(Object.keys(pkg.devDependencies ?? {})) };
    });
}

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Marks every npm import external. The production image installs the runtime dependencies of the server
 * and of packages/*, so an import found only in devDependencies fails the build (it would crash at start),
 * and one its own package.json does not declare is a warning (it works only while another package brings it).
 */
function externalNpmDependencies(workspaces) {
  const runtime = new Set(workspaces.flatMap((ws) => [...ws.runtime]));
  const rootDev = Object.keys(JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')).devDependencies ?? {});
  const devOnly = new Set([...rootDev, ...workspaces.flatMap((ws) => [...ws.dev])].filter((name) => !runtime.has(name)));
  const warned = new Set();
  return {
    name: 'external-npm-dependencies',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const name = packageName(args.path);
        if (workspaces.some((ws) => ws.name === name)) return undefined; // bundled from source
        const owner = workspaces.find((ws) => args.importer.startsWith(ws.dir + sep));
        if (!owner || owner.runtime.has(name)) return { path: args.path, external: true };
        const manifest = relative(repoDir, join(owner.dir, 'package.json'));
        if (devOnly.has(name)) {
          return { errors: [{ text: `"${name}" is only a devDependency, absent from the production image; add it to "dependencies" of ${manifest}` }] };
        }
        const key = `${manifest} ${name}`;
        if (warned.has(key)) return { path: args.path, external: true };
        warned.add(key);
        return { path: args.path, external: true, warnings: [{ text: `"${name}" is not in the dependencies of ${manifest}` }] };
      });
    },
  };
}

if (!existsSync(entry)) {
  console.error(`build: ${relative(repoDir, entry)} does not exist`);
  process.exit(1);
}

const started = performance.now();
rmSync(outDir, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: entry, ...tools },
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  keepNames: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [externalNpmDependencies(readWorkspaces())],
}).catch(() => process.exit(1)); // esbuild has already printed the errors

// esbuild turns a require() it cannot bundle into a shim that throws at run time in ESM. Workspace code
// is ESM and npm packages stay external, so this should never appear; if it does, add a createRequire banner.
if ([outfile, ...Object.keys(tools).map((name) => join(outDir, `${name}.js`))].some((file) => readFileSync(file, 'utf8').includes('Dynamic require of'))) {
  console.error('build: the bundle calls require(); add a createRequire banner in apps/server/scripts/build.mjs');
  process.exit(1);
}

cpSync(migrationsSrc, join(outDir, 'migrations'), { recursive: true });
// A worker thread's entry stays its own file, resolved beside the bundle (persistence/merge-snapshot.ts).
cpSync(join(serverDir, 'src/persistence/merge-worker.mjs'), join(outDir, 'merge-worker.mjs'));

const kb = (statSync(outfile).size / 1024).toFixed(1);
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`built ${relative(repoDir, outfile)}: ${kb} kB from ${inputs} files in ${Math.round(performance.now() - started)} ms (+ migrations/, merge-worker.mjs)`);
