// Runs docker/haproxy/haproxy.cfg locally in front of two real Concord instances on Postgres and Redis,
// and checks through the balancer: readiness, login, Yjs sync between clients, socket.io (polling that
// upgrades, and websocket only), then SIGTERM of one instance: its clients reconnect to the other.
// A manual check for machines without a Docker engine (docker/README.md), not part of `npm test`.
//
//   npm run build --workspace @concord/server
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 node scripts/check-balancer.mjs
//
// Needs `haproxy` and `psql` on PATH. Creates and drops its own database; uses a fresh Redis prefix.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const root = new URL('..', import.meta.url).pathname;
const baseDb = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!baseDb || !redisUrl) throw new Error('set DATABASE_URL (a Postgres server to create a database on) and REDIS_URL');

const suffix = randomBytes(4).toString('hex');
const dbName = `concord_lb_check_${suffix}`;
const adminUrl = new URL(baseDb);
const dbUrl = new URL(baseDb);
dbUrl.pathname = `/${dbName}`;
const ports = { balancer: 18_780, a: 18_781, b: 18_782 };
const lbUrl = `http://127.0.0.1:${ports.balancer}`;
const email = 'lb-check@example.com';
const password = `check-${suffix}-passphrase`;
const work = mkdtempSync(join(tmpdir(), 'concord-lb-'));
const children = new Set();
const handles = [];
const results = [];

function ok(what, detail = '') {
  results.push(`ok   ${what}${detail ? `: ${detail}` : ''}`);
  process.stdout.write(`ok   ${what}${detail ? `: ${detail}` : ''}\n`);
}

function fail(what) {
  throw new Error(`FAILED ${what}`);
}

async function eventually(what, check, timeoutMs = 20_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) fail(`${what} (not within ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function start(name, command, args, env, ready) {
  const child = spawn(command, args, { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  children.add(child);
  void exited.then(() => children.delete(child));
  const handle = { name, child, exited, output: () => output };
  handles.push(handle);
  return eventually(`${name} started`, () => ready(output) || child.exitCode !== null, 60_000).then(() => {
    if (child.exitCode !== null) fail(`${name} exited at start:\n${output}`);
    return handle;
  });
}

function startInstance(name, port) {
  const env = {
    DATABASE_URL: dbUrl.href,
    REDIS_URL: redisUrl,
    CONCORD_REDIS_PREFIX: `lbcheck${suffix}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    CONCORD_DATA_DIR: join(work, 'data'),
    CONCORD_PUBLIC_URL: lbUrl,
    CONCORD_ADMIN_EMAIL: email,
    CONCORD_ADMIN_PASSWORD: password,
    CONCORD_LOG_LEVEL: 'info',
  };
  return start(name, process.execPath, ['apps/server/dist/main.js'], env, (out) => out.includes('Concord is running at'));
}

/** docker/haproxy/haproxy.cfg with the two Docker-only parts replaced: the DNS resolver and the server template. */
function localBalancerConfig() {
  const source = readFileSync(join(root, 'docker/haproxy/haproxy.cfg'), 'utf8');
  const servers = `server a 127.0.0.1:${ports.a}\n  server b 127.0.0.1:${ports.b}`;
  const local = source
    .replace(/^resolvers docker\n(?: {2}.*\n)+/m, '')
    .replace(/^ {2}bind :8080$/m, `  bind 127.0.0.1:${ports.balancer}`)
    .replaceAll(/^ {2}server-template .*$/gm, `  ${servers}`);
  if (local.includes('resolvers') || local.includes('server-template') || !local.includes(`bind 127.0.0.1:${ports.balancer}`)) {
    fail('could not derive the local balancer config');
  }
  const path = join(work, 'haproxy.cfg');
  writeFileSync(path, local);
  return path;
}

async function api(path, options = {}) {
  const response = await fetch(`${lbUrl}${path}`, {
    ...options,
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
  });
  const body = await response.json().catch(() => null);
  return { status: response.status, body };
}

function yjsClient(documentId, token) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${ports.balancer}/yjs`, documentId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  });
  const closes = [];
  provider.on('connection-close', (event) => closes.push(event?.code));
  return { doc, provider, text: doc.getText('caption'), closes };
}

function socketClient(token, transports) {
  // withCredentials keeps the balancer's cookie (Node's engine.io client has a cookie jar for it).
  const socket = io(lbUrl, { path: '/socket.io', auth: { token }, transports, withCredentials: true, reconnectionDelayMax: 500 });
  const disconnects = [];
  socket.on('disconnect', (reason) => {
    disconnects.push(reason);
    // As the web client does (apps/web/src/lib/socket.svelte.ts): socket.io does not retry by itself
    // after the server dropped the socket, which is what a stopping instance does.
    if (reason === 'io server disconnect') socket.connect();
  });
  return Object.assign(socket, { disconnects });
}

async function joinPresence(socket, projectId) {
  const ack = await socket.timeout(5_000).emitWithAck('presence:join', { projectId, documentId: null });
  if (!ack.ok) fail(`presence:join answered ${JSON.stringify(ack)}`);
  return ack.data.online.length;
}

async function main() {
  execFileSync('psql', [adminUrl.href, '-qc', `CREATE DATABASE ${dbName}`]);
  ok('database created', dbName);
  const a = await startInstance('instance a', ports.a);
  const b = await startInstance('instance b', ports.b);
  const haproxy = await start('haproxy', 'haproxy', ['-db', '-f', localBalancerConfig()], {}, () => true);
  ok('two instances and haproxy started', `${ports.a}, ${ports.b} behind ${ports.balancer}`);

  const readyServers = () => api('/readyz').then((r) => r.status === 200, () => false);
  await eventually('GET /readyz through the balancer', readyServers);
  ok('GET /readyz through the balancer answers 200');

  const login = await api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) });
  if (login.status !== 200) fail(`login answered ${login.status}`);
  const token = login.body.token;
  ok('POST /api/v1/auth/login through the balancer');
  const project = await api('/api/v1/projects', { method: 'POST', token, body: JSON.stringify({ name: 'Balancer check' }) });
  const document = await api(`/api/v1/projects/${project.body.id}/documents`, { method: 'POST', token, body: JSON.stringify({ name: 'doc' }) });
  if (project.status !== 201 || document.status !== 201) fail(`project ${project.status}, document ${document.status}`);
  ok('project and document created through the balancer');

  // Four Yjs clients in a row: round robin puts two on each instance.
  const clients = [];
  for (let i = 0; i < 4; i += 1) {
    const client = yjsClient(document.body.id, token);
    await eventually(`yjs client ${i} synced`, () => client.provider.synced);
    clients.push(client);
  }
  clients[0].text.insert(0, 'from client 0;');
  clients[3].text.insert(0, 'from client 3;');
  const converged = () => clients.every((c) => c.text.toString().includes('from client 0;') && c.text.toString().includes('from client 3;'));
  await eventually('edits reach every yjs client', converged);
  ok('4 y-websocket clients synced through the balancer; edits of client 0 and 3 reached all four', JSON.stringify(clients[1].text.toString()));

  const polling = socketClient(token, ['polling', 'websocket']);
  const websocketOnly = socketClient(token, ['websocket']);
  await eventually('socket.io clients connected', () => polling.connected && websocketOnly.connected);
  await eventually('polling client upgraded to websocket', () => polling.io.engine.transport.name === 'websocket');
  const online = await joinPresence(websocketOnly, project.body.id);
  await joinPresence(polling, project.body.id);
  ok('socket.io through the balancer: polling then upgrade (sticky cookie) and websocket only; presence:join acked', `${online} online after the first join`);

  // Control: the same polling client without its cookie jar (the balancer's cookie is dropped) lands its
  // requests on both instances in turn, and an instance answers a session it does not know with 400.
  const cookieless = io(lbUrl, { path: '/socket.io', auth: { token }, transports: ['polling'], withCredentials: false, reconnection: false, query: { control: '1' } });
  const refused = await new Promise((resolve) => {
    cookieless.once('connect', () => resolve(null));
    cookieless.once('connect_error', (error) => resolve(error.message));
  });
  cookieless.close();
  if (refused === null) fail('a polling socket.io client without the affinity cookie connected: the control proves nothing');
  ok('control: a polling socket.io client that drops the cookie cannot connect', refused);

  const stopped = Date.now();
  a.child.kill('SIGTERM');
  const exit = await a.exited;
  ok('instance a stopped on SIGTERM', `exit code ${exit.code} after ${Date.now() - stopped} ms`);
  const closed = clients.filter((c) => c.closes.length > 0);
  if (closed.length === 0) fail('no yjs client was on the stopped instance');
  const codes = closed.flatMap((c) => c.closes);
  ok('yjs clients of the stopped instance were closed', `${closed.length} of 4, close codes ${JSON.stringify(codes)}`);

  await eventually('yjs clients resynced through the other instance', () => clients.every((c) => c.provider.wsconnected && c.provider.synced));
  clients[closed.length === 4 ? 0 : clients.indexOf(closed[0])].text.insert(0, 'after failover;');
  await eventually('an edit after the failover reaches every yjs client', () => clients.every((c) => c.text.toString().includes('after failover;')));
  ok('after the stop: all 4 yjs clients reconnected and synced; an edit made after it reached all four');

  await eventually('socket.io clients reconnected', () => polling.connected && websocketOnly.connected);
  const reasons = [...polling.disconnects, ...websocketOnly.disconnects];
  if (reasons.length === 0) fail('no socket.io client was on the stopped instance');
  await joinPresence(polling, project.body.id);
  await joinPresence(websocketOnly, project.body.id);
  ok('after the stop: both socket.io clients connected and presence:join acked', `disconnect reasons on the way ${JSON.stringify(reasons)}`);

  const stored = await api(`/api/v1/documents/${document.body.id}`, { token });
  const content = JSON.stringify(stored.body?.content ?? null);
  if (stored.status !== 200 || !['from client 0;', 'from client 3;', 'after failover;'].every((s) => content.includes(s))) {
    fail(`document as read through the balancer: ${stored.status} ${content}`);
  }
  ok('GET /api/v1/documents/{id} through the balancer holds all three edits', content);
  await eventually('GET /readyz still 200 with one instance', readyServers);
  ok('GET /readyz through the balancer answers 200 with one instance left');

  for (const client of clients) client.provider.destroy();
  polling.close();
  websocketOnly.close();
  b.child.kill('SIGTERM');
  await b.exited;
  haproxy.child.kill('SIGTERM');
  await haproxy.exited;
  const log = haproxy.output();
  const yjsServers = [...log.matchAll(/concord_any\/(\w+) .*"GET \/yjs\//g)].map((m) => m[1]);
  if (yjsServers.length > 0) ok('haproxy log: /yjs/ upgrades served by', JSON.stringify(countBy(yjsServers)));
  // Every request of one engine.io session (its sid) went to one instance: the cookie did its job.
  const sessions = new Map();
  const controlServers = new Set();
  for (const [line, server] of log.matchAll(/concord_socketio\/(\w+) .*"\w+ \/socket\.io\/\?[^"]*"/g)) {
    if (line.includes('control=1')) controlServers.add(server);
    const sid = line.match(/sid=([\w-]+)/)?.[1];
    if (sid && !line.includes('control=1')) sessions.set(sid, new Set([...(sessions.get(sid) ?? []), server]));
  }
  const split = [...sessions].filter(([, servers]) => servers.size > 1);
  if (sessions.size === 0 || split.length > 0) fail(`socket.io sessions in the haproxy log: ${sessions.size}, split over instances: ${split.length}`);
  ok('haproxy log: every socket.io session stayed on one instance', `${sessions.size} sessions`);
  if (controlServers.size !== 2) fail(`the control's requests reached ${[...controlServers].join(', ')}`);
  ok('haproxy log: the cookieless control\'s requests reached both instances');
}

function countBy(values) {
  return values.reduce((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
}

async function cleanup() {
  for (const child of children) child.kill('SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 200));
  try {
    execFileSync('psql', [adminUrl.href, '-qc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]);
  } catch (error) {
    process.stderr.write(`could not drop ${dbName}: ${error}\n`);
  }
  rmSync(work, { recursive: true, force: true });
}

try {
  await main();
  process.stdout.write(`\nall ${results.length} checks passed\n`);
  await cleanup();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  for (const handle of handles) {
    const path = join(tmpdir(), `concord-lb-check-${handle.name.replaceAll(' ', '-')}.log`);
    writeFileSync(path, handle.output());
    process.stderr.write(`--- ${handle.name}: ${path}\n`);
  }
  await cleanup();
  process.exit(1);
}
