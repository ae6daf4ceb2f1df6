/**
 * Abuse case 13: media import by URL never reaches loopback, private, link-local or metadata addresses,
 * in any notation, directly, through a redirect from an allowed host, or through a host name resolving there.
 *
 * A trap server listens on every local address (`::`, dual stack); it counts TCP connections, so a request
 * that got through by any scheme or notation is seen even if it is not HTTP. The allowed origin is one
 * loopback port; everything else follows the production policy.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { createFetcher, isPublicAddress, publicAddressesOnly, type AddressPolicy } from '../../src/media/index.ts';
import { makePng } from '../helpers/media-files.ts';
import { createHarness, type Harness, type TestUser } from '../http/harness.ts';

/** A Location header must be ASCII; only the other characters are percent-encoded, brackets and dots stay. */
const asciiOnly = (text: string) => text.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));

let trap: Server;
let trapPort: number;
let trapConnections = 0;
let origin: Server;
let originPort: number;

beforeAll(async () => {
  trap = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(makePng(2, 2)));
  trap.on('connection', () => (trapConnections += 1));
  await new Promise<void>((resolve) => trap.listen(0, '::', resolve));
  trapPort = (trap.address() as AddressInfo).port;
  // The allowed origin redirects to whatever `?to=` says, with the status `?status=` names.
  origin = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    if (url.pathname === '/ok.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(makePng(3, 3, { seed: 5 }));
    return res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: asciiOnly(url.searchParams.get('to') ?? '/') }).end();
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originPort = (origin.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const server of [trap, origin]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** The production policy, plus exactly the origin's loopback port. */
const originOnly: AddressPolicy = (address, port) => (address === '127.0.0.1' && port === originPort) || publicAddressesOnly(address, port);

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the fetch to be refused');
}

/** Every way to write a loopback, private, link-local or metadata address that a URL parser accepts. */
const forbiddenTargets = () => [
  `http://127.0.0.1:${trapPort}/x.png`,
  `http://localhost:${trapPort}/x.png`,
  `http://2130706433:${trapPort}/x.png`,
  `http://0x7f000001:${trapPort}/x.png`,
  `http://0x7f.1:${trapPort}/x.png`,
  `http://0177.0.0.1:${trapPort}/x.png`,
  `http://017700000001:${trapPort}/x.png`,
  `http://127.000.000.001:${trapPort}/x.png`,
  `http://127.1:${trapPort}/x.png`,
  `http://0:${trapPort}/x.png`,
  `http://127\u30020\u30020\u30021:${trapPort}/x.png`,
  `http://[::1]:${trapPort}/x.png`,
  `http://[::]:${trapPort}/x.png`,
  `http://[::ffff:127.0.0.1]:${trapPort}/x.png`,
  `http://[0:0:0:0:0:ffff:7f00:1]:${trapPort}/x.png`,
  `http://[::127.0.0.1]:${trapPort}/x.png`,
  'http://169.254.169.254/latest/meta-data/',
  'http://169.254.169.254./latest/meta-data/',
  'http://0251.0376.0251.0376/latest/meta-data/',
  'http://2852039166/latest/meta-data/',
  'http://[::ffff:169.254.169.254]/latest/meta-data/',
  'http://[::169.254.169.254]/latest/meta-data/',
  'http://[fd00:ec2::254]/latest/meta-data/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'http://[fd12:3456::1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://10.0.0.1/',
  'http://172.16.0.1/',
  'http://192.168.0.1/',
  'http://100.64.0.1/',
  'file:///etc/passwd',
  `gopher://127.0.0.1:${trapPort}/_SET%20x%201`,
  `dict://127.0.0.1:${trapPort}/info`,
  'ftp://127.0.0.1/x.png',
  'data:image/png;base64,iVBORw0KGgo=',
  'javascript:alert(1)',
  `http://user:pass@127.0.0.1:${originPort}/ok.png`,
];

describe('SSRF: the address policy (abuse case 13)', () => {
  it.each(['::7f00:1', '::a9fe:a9fe', '::2', '::ffff:0:7f00:1', 'fd00:ec2::254', 'fe80::1%eth0', '::1%lo'])(
    '[M9][M19] refuses %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(false);
    },
  );
});

describe('SSRF: the fetcher (abuse case 13)', () => {
  const fetcher = () => createFetcher({ isAllowed: originOnly, timeoutMs: 2_000, maxBytes: 100_000 });

  it('[M8] the allowed origin itself is fetched (the harness lets one port through)', async () => {
    const res = await fetcher().fetch(`http://127.0.0.1:${originPort}/ok.png`);
    for await (const chunk of res.body) expect(chunk.length).toBeGreaterThan(0);
  });

  it('[M8][M9][M19] refuses every notation of a forbidden target, and never connects', async () => {
    const before = trapConnections;
    for (const url of forbiddenTargets()) {
      const err = await refusal(fetcher().fetch(url));
      expect(err.status, url).toBe(422);
      expect(err.code, url).toBe('fetch_refused');
    }
    expect(trapConnections - before).toBe(0);
  });

  it('[M11] refuses a redirect from the allowed origin into any of them, for every redirect status', async () => {
    const before = trapConnections;
    for (const status of [301, 302, 303, 307, 308]) {
      for (const target of forbiddenTargets()) {
        const url = `http://127.0.0.1:${originPort}/hop?status=${status}&to=${encodeURIComponent(target)}`;
        const err = await refusal(fetcher().fetch(url));
        expect(err.code, `${status} → ${target}`).toBe('fetch_refused');
        expect(err.status, `${status} → ${target}`).toBe(422);
      }
    }
    expect(trapConnections - before).toBe(0);
  });

  it('[M11] refuses a redirect chain that reaches a forbidden target on its last allowed hop', async () => {
    const before = trapConnections;
    const last = `http://127.0.0.1:${originPort}/hop?to=${encodeURIComponent(`http://[::ffff:127.0.0.1]:${trapPort}/x.png`)}`;
    const middle = `http://127.0.0.1:${originPort}/hop?status=307&to=${encodeURIComponent(last)}`;
    expect(await refusal(fetcher().fetch(`http://127.0.0.1:${originPort}/hop?status=301&to=${encodeURIComponent(middle)}`))).toMatchObject({
      code: 'fetch_refused',
    });
    expect(trapConnections - before).toBe(0);
  });

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '::7f00:1', '169.254.169.254', 'fe80::1', 'fd00::2', '10.1.2.3'])(
    '[M9][M10] refuses a host name that resolves to %s, and never connects',
    async (address) => {
      const before = trapConnections;
      const viaDns = createFetcher({
        isAllowed: originOnly,
        timeoutMs: 2_000,
        maxBytes: 100_000,
        resolveHost: async () => [{ address, family: address.includes(':') ? 6 : 4 }],
      });
      expect(await refusal(viaDns.fetch(`http://images.example.test:${trapPort}/x.png`))).toMatchObject({ status: 422, code: 'fetch_refused' });
      expect(trapConnections - before).toBe(0);
    },
  );
});

describe('SSRF through a REST import (abuse case 13)', () => {
  let h: Harness;
  let manager: TestUser;
  beforeAll(async () => {
    h = await createHarness({}, { fetchPolicy: originOnly });
    manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  });
  afterAll(async () => {
    await h.dispose();
  });

  it('[M11][M13] import lines whose image redirects from the allowed origin into a forbidden target fail; the rest import', async () => {
    const project = await h.call('POST', '/api/v1/projects', { token: manager.token, json: { name: 'SSRF import', taskType: 'alignment' } });
    expect(project.status).toBe(201);
    const targets = forbiddenTargets().filter((t) => t.startsWith('http'));
    const lines = [
      ...targets.map((to, i) => ({ id: `hop-${i}`, image: `http://127.0.0.1:${originPort}/hop?to=${encodeURIComponent(to)}` })),
      { id: 'ok', image: `http://127.0.0.1:${originPort}/ok.png` },
    ];
    const before = trapConnections;
    const started = await h.call('POST', `/api/v1/projects/${project.body.id}/imports?format=jsonl`, {
      token: manager.token,
      body: lines.map((l) => JSON.stringify(l)).join('\n'),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(started.status).toBe(202);
    await h.services.imports.idle();
    const done = await h.call('GET', `/api/v1/imports/${started.body.id}`, { token: manager.token });
    expect(done.body).toMatchObject({ status: 'done', created: 1, failed: targets.length });
    expect(trapConnections - before).toBe(0);
    // Nothing from the refused hops is echoed: the errors name no trap port content and no upstream body.
    expect(JSON.stringify(done.body.errors)).not.toContain('IHDR');
  });
});
