import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { AppError } from '../errors.ts';
import { publicAddressesOnly, type AddressPolicy } from './address-policy.ts';

/** A successful (200) response whose body has not been read yet. */
export interface FetchedResponse {
  /** The URL that answered, after redirects. */
  url: string;
  /** The server's Content-Type header: informational only, media types are sniffed from the bytes. */
  contentType: string | null;
  /** At most `maxBytes`; iterating past that throws a 413, a stalled body hits the timeout. */
  body: AsyncIterable<Uint8Array>;
}

export interface Fetcher {
  /**
   * GETs a URL with SSRF protection. Throws AppError 422 (`fetch_refused` for addresses and schemes the
   * policy forbids, `fetch_failed` otherwise) or 413; upstream bodies are never part of a message.
   */
  fetch(url: string): Promise<FetchedResponse>;
}

export type ResolveHost = (host: string) => Promise<LookupAddress[]>;

export interface FetcherOptions {
  /** Which resolved addresses and ports may be contacted; defaults to public unicast addresses only. */
  isAllowed?: AddressPolicy;
  /** For the whole fetch: every DNS lookup, connection, redirect and the body. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  /** Host name → addresses; defaults to the system resolver (`dns.lookup`, so /etc/hosts counts). */
  resolveHost?: ResolveHost;
}

const systemResolve: ResolveHost = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxUrlLength = 4096;

const refused = (message: string) => new AppError(422, 'fetch_refused', message);
const failed = (message: string) => new AppError(422, 'fetch_failed', message);

/** Connects to the address that was checked, whatever the name resolves to by now (no DNS rebinding). */
function pinnedLookup(pinned: LookupAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

/** Why a connection failed, in words that carry nothing from the remote side but an error class. */
function connectionProblem(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'the connection was reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'the host is unreachable';
  if (typeof code === 'string' && /CERT|SSL|TLS/.test(code)) return 'its TLS certificate was not accepted';
  if (code === 'HPE_INVALID_CONSTANT' || (typeof code === 'string' && code.startsWith('HPE_'))) return 'it did not answer with valid HTTP';
  return 'the connection failed';
}

function parseUrl(input: string): URL {
  if (input.length > maxUrlLength) throw refused(`URLs longer than ${maxUrlLength} characters are not fetched.`);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw refused('This is not a valid URL; give an http:// or https:// address.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refused(`Only http:// and https:// URLs are fetched, not ${url.protocol.slice(0, 20)}//.`);
  }
  if (url.username || url.password) throw refused('URLs with a user name or password are not fetched.');
  return url;
}

/**
 * An HTTP(S) client for media URLs that cannot be pointed at the server's own network: only http and
 * https; every host name is resolved here and all its addresses must pass the policy, then the connection
 * is pinned to the checked address; redirects are followed by hand (at most `maxRedirects`), each hop
 * checked again; no cookies or credentials are sent; one deadline covers everything; bodies are capped.
 * @example
 * const fetcher = createFetcher({ timeoutMs: 15_000, maxBytes: 50e6 });
 * const res = await fetcher.fetch('https://example.org/cat.png');
 * for await (const chunk of res.body) { ... }
 */
export function createFetcher(options: FetcherOptions): Fetcher {
  const isAllowed = options.isAllowed ?? publicAddressesOnly;
  const resolveHost = options.resolveHost ?? systemResolve;
  const maxRedirects = options.maxRedirects ?? 5;
  const seconds = Math.ceil(options.timeoutMs / 1000);
  const within = `${seconds} second${seconds === 1 ? '' : 's'}`;

  async function addressFor(url: URL, port: number, signal: AbortSignal): Promise<LookupAddress> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const family = isIP(host);
    let addresses: LookupAddress[];
    if (family) {
      addresses = [{ address: host, family }];
    } else {
      try {
        addresses = await Promise.race([
          resolveHost(host),
          new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })),
        ]);
      } catch (err) {
        if (signal.aborted) throw err;
        throw failed(`The host name ${url.hostname} could not be resolved.`);
      }
    }
    if (addresses.length === 0) throw failed(`The host name ${url.hostname} could not be resolved.`);
    // Every address must pass: a name that also resolves to an internal address is refused outright.
    if (!addresses.every((a) => isAllowed(a.address, port))) {
      throw refused(`${url.host} is a loopback, private, link-local or otherwise non-public address; only public addresses are fetched.`);
    }
    return addresses[0]!;
  }

  function get(url: URL, pinned: LookupAddress, port: number, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req: ClientRequest = request({
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        agent: false,
        lookup: pinnedLookup(pinned),
        signal,
        headers: { 'user-agent': 'Concord media fetcher', accept: 'image/*, audio/*', 'accept-encoding': 'identity' },
      });
      req.once('socket', (socket) => {
        // Whatever connected, it must be an address the policy allows.
        socket.once('connect', () => {
          if (!socket.remoteAddress || !isAllowed(socket.remoteAddress, port)) {
            req.destroy(refused(`${url.host} is not a public address; only public addresses are fetched.`));
          }
        });
      });
      req.once('response', resolve);
      req.once('error', reject);
      req.end();
    });
  }

  return {
    async fetch(input) {
      let url = parseUrl(input);
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(failed(`The server did not answer within ${within}.`));
      }, options.timeoutMs);
      // A fetch never keeps a shutting-down process alive.
      timer.unref();
      const describe = (err: unknown, host: string): AppError => {
        if (timedOut) return failed(`The server at ${host} did not answer within ${within}.`);
        if (err instanceof AppError) return err;
        return failed(`Could not fetch from ${host}: ${connectionProblem(err)}.`);
      };

      try {
        for (let hop = 0; ; hop += 1) {
          const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
          let res: IncomingMessage;
          try {
            const pinned = await addressFor(url, port, controller.signal);
            res = await get(url, pinned, port, controller.signal);
          } catch (err) {
            throw describe(err, url.host);
          }
          const status = res.statusCode ?? 0;
          if (redirectStatuses.has(status)) {
            res.destroy();
            const location = res.headers.location;
            if (!location) throw failed(`The server at ${url.host} answered ${status} without a Location.`);
            if (hop >= maxRedirects) throw failed(`Too many redirects (more than ${maxRedirects}) from ${input.slice(0, 200)}.`);
            let next: URL;
            try {
              next = new URL(location, url);
            } catch {
              throw failed(`The server at ${url.host} redirected to an invalid URL.`);
            }
            url = parseUrl(next.href);
            continue;
          }
          if (status !== 200) {
            res.destroy();
            throw failed(`The server at ${url.host} answered ${status}.`);
          }
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > options.maxBytes) {
            res.destroy();
            throw new AppError(413, 'payload_too_large', `The file at ${url.host} is larger than ${options.maxBytes} bytes.`);
          }
          const host = url.host;
          const body = async function* (): AsyncGenerator<Uint8Array> {
            let received = 0;
            try {
              for await (const chunk of res as AsyncIterable<Buffer>) {
                received += chunk.length;
                if (received > options.maxBytes) {
                  throw new AppError(413, 'payload_too_large', `The file at ${host} is larger than ${options.maxBytes} bytes.`);
                }
                yield chunk;
              }
            } catch (err) {
              throw describe(err, host);
            } finally {
              clearTimeout(timer);
              res.destroy();
            }
          };
          return { url: url.href, contentType: res.headers['content-type'] ?? null, body: body() };
        }
      } catch (err) {
        clearTimeout(timer);
        controller.abort();
        throw err;
      }
    },
  };
}
