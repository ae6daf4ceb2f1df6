import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../../test/helpers/media-files.ts';
import { AppError } from '../errors.ts';
import { createFetcher, type FetcherOptions } from './fetcher.ts';

const png = makePng(4, 3);
let allowed: Server;
let other: Server;
let allowedPort: number;
let otherPort: number;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  other = createServer((_req, res) => res.end(png));
  otherPort = await listen(other);
  allowed = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const redirect = (location: string) => res.writeHead(302, { location }).end();
    switch (req.url ?? '') {
      case '/cat.png':
        return res.writeHead(200, { 'content-type': 'image/png', 'set-cookie': 'session=abc' }).end(png);
      case '/hop':
        return redirect('/cat.png');
      case '/to-other-port':
        return redirect(`http://127.0.0.1:${otherPort}/cat.png`);
      case '/to-metadata':
        return redirect('http://169.254.169.254/latest/meta-data/iam/security-credentials/');
      case '/to-file':
        return redirect('file:///etc/passwd');
      case '/loop':
        return redirect('/loop');
      case '/missing':
        return res.writeHead(404, { 'content-type': 'text/plain' }).end('SECRET internal stack trace at /srv/app');
      case '/big-declared':
        return res.writeHead(200, { 'content-length': '5000' }).end(Buffer.alloc(5000));
      case '/big-chunked':
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000));
        return res.end();
      case '/stall':
        res.writeHead(200);
        res.write(png.subarray(0, 10));
        return; // never ends
      case '/silent':
        return; // never answers
      default:
        return res.writeHead(404).end();
    }
  });
  allowedPort = await listen(allowed);
});

afterAll(async () => {
  allowed.closeAllConnections();
  other.closeAllConnections();
  await Promise.all([new Promise((r) => allowed.close(r)), new Promise((r) => other.close(r))]);
});

/** Lets exactly one loopback port through, like the tests need; everything else follows the real rules. */
function testFetcher(overrides: Partial<FetcherOptions> = {}) {
  return createFetcher({
    isAllowed: (address, port) => address === '127.0.0.1' && port === allowedPort,
    timeoutMs: 2_000,
    maxBytes: 3_000,
    ...overrides,
  });
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of body) chunks.push(c);
  return Buffer.concat(chunks);
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('fetcher with a test policy (one loopback port allowed)', () => {
  it('[M8] fetches a PNG from the allowed address, sending no cookies or credentials', async () => {
    const res = await testFetcher().fetch(`http://127.0.0.1:${allowedPort}/cat.png`);
    expect(await readAll(res.body)).toEqual(png);
    expect(res.contentType).toBe('image/png');
    const request = seen.findLast((s) => s.url === '/cat.png')!;
    expect(request.headers.cookie).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
  });

  it('[M11] follows a redirect to the same allowed address', async () => {
    const res = await testFetcher().fetch(`http://127.0.0.1:${allowedPort}/hop`);
    expect(res.url).toBe(`http://127.0.0.1:${allowedPort}/cat.png`);
    expect(await readAll(res.body)).toEqual(png);
  });

  it('[M11] refuses a redirect to another loopback port the policy does not allow', async () => {
    const err = await failure(testFetcher().fetch(`http://127.0.0.1:${allowedPort}/to-other-port`));
    expect(err).toMatchObject({ status: 422, code: 'fetch_refused' });
  });

  it('[M11] refuses a redirect to the cloud metadata address', async () => {
    const err = await failure(testFetcher().fetch(`http://127.0.0.1:${allowedPort}/to-metadata`));
    expect(err).toMatchObject({ status: 422, code: 'fetch_refused' });
  });

  it('[M11] refuses a redirect to file://', async () => {
    const err = await failure(testFetcher().fetch(`http://127.0.0.1:${allowedPort}/to-file`));
    expect(err).toMatchObject({ status: 422, code: 'fetch_refused' });
    expect(err.message).toContain('file:');
  });

  it('[M11] stops after 5 redirects', async () => {
    const before = seen.filter((s) => s.url === '/loop').length;
    const err = await failure(testFetcher().fetch(`http://127.0.0.1:${allowedPort}/loop`));
    expect(err).toMatchObject({ status: 422, code: 'fetch_failed' });
    expect(err.message).toMatch(/too many redirects/i);
    expect(seen.filter((s) => s.url === '/loop').length - before).toBe(6);
  });

  it('[M12] names the host and status of an error answer, never its body', async () => {
    const err = await failure(testFetcher().fetch(`http://127.0.0.1:${allowedPort}/missing`));
    expect(err.message).toBe(`The server at 127.0.0.1:${allowedPort} answered 404.`);
    expect(err.message).not.toContain('SECRET');
  });

  it('[M12] refuses bodies over the limit, by Content-Length and while streaming', async () => {
    expect(await failure(testFetcher().fetch(`http://127.0.0.1:${allowedPort}/big-declared`))).toMatchObject({ status: 413 });
    const res = await testFetcher().fetch(`http://127.0.0.1:${allowedPort}/big-chunked`);
    expect(await failure(readAll(res.body))).toMatchObject({ status: 413 });
  });

  it('[M12] one deadline covers a server that never answers and a body that stalls', async () => {
    const fetcher = testFetcher({ timeoutMs: 300 });
    const silent = await failure(fetcher.fetch(`http://127.0.0.1:${allowedPort}/silent`));
    expect(silent).toMatchObject({ status: 422, code: 'fetch_failed' });
    expect(silent.message).toMatch(/did not answer within 1 second\./);
    const res = await fetcher.fetch(`http://127.0.0.1:${allowedPort}/stall`);
    expect(await failure(readAll(res.body))).toMatchObject({ status: 422, code: 'fetch_failed' });
  });

  it('[M10] connects to the checked address: a host name is resolved once and pinned', async () => {
    let lookups = 0;
    const fetcher = testFetcher({
      resolveHost: async () => {
        lookups += 1;
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    // `media.invalid` resolves nowhere on the system resolver, so success proves the pinned address was used.
    const res = await fetcher.fetch(`http://media.invalid:${allowedPort}/cat.png`);
    expect(await readAll(res.body)).toEqual(png);
    expect(lookups).toBe(1);
    expect(seen.findLast((s) => s.url === '/cat.png')!.headers.host).toBe(`media.invalid:${allowedPort}`);
  });

  it('[M9] refuses a host name when any of its addresses is refused', async () => {
    const fetcher = testFetcher({
      resolveHost: async () => [
        { address: '127.0.0.1', family: 4 },
        { address: '10.0.0.1', family: 4 },
      ],
    });
    expect(await failure(fetcher.fetch(`http://mixed.invalid:${allowedPort}/cat.png`))).toMatchObject({ code: 'fetch_refused' });
  });

  it('[M12] a host name that does not resolve is a clear failure', async () => {
    const fetcher = testFetcher({ resolveHost: async () => Promise.reject(new Error('ENOTFOUND')) });
    const err = await failure(fetcher.fetch('http://nowhere.invalid/cat.png'));
    expect(err).toMatchObject({ status: 422, code: 'fetch_failed' });
    expect(err.message).toContain('nowhere.invalid');
  });
});

describe('fetcher with the default policy', () => {
  const fetcher = createFetcher({ timeoutMs: 2_000, maxBytes: 10_000 });

  it.each([
    () => `http://127.0.0.1:${allowedPort}/cat.png`,
    () => `http://localhost:${allowedPort}/cat.png`,
    () => `http://[::1]:${allowedPort}/cat.png`,
    () => `http://[::ffff:127.0.0.1]:${allowedPort}/cat.png`,
    () => `http://0x7f.1:${allowedPort}/cat.png`,
    () => `http://2130706433:${allowedPort}/cat.png`,
    () => `http://0177.0.0.1:${allowedPort}/cat.png`,
    () => `http://127.1:${allowedPort}/cat.png`,
    () => 'http://10.0.0.1/',
    () => 'http://169.254.169.254/latest/meta-data/',
    () => 'http://[fe80::1]/',
    () => 'http://[fd00::1]/',
    () => 'http://100.64.0.1/',
    () => 'http://0.0.0.0/',
    () => 'file:///etc/passwd',
    () => 'gopher://127.0.0.1:6379/_INFO',
    () => 'ftp://example.org/cat.png',
    () => 'https://user:secret@example.org/cat.png',
    () => 'not a url',
  ])('[M8][M9] refuses %#', async (url) => {
    const before = seen.length;
    const err = await failure(fetcher.fetch(url()));
    expect(err).toMatchObject({ status: 422, code: 'fetch_refused' });
    expect(seen.length).toBe(before);
  });
});
