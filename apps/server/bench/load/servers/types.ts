// What the orchestrator and the server children say to each other.
import type { Config } from '../../../src/config.ts';

export type ServerKind = 'concord' | 'y-websocket' | 'hocuspocus';

/** The JSON argument of a server child. */
export interface ServerArgs {
  kind: ServerKind;
  /** 0 = any free port (a restarted server is given its old port back). */
  port: number;
  /** Persistence of the references (y-leveldb dir, hocuspocus file store); null = in memory only. */
  storageDir: string | null;
  concord?: { dataDir: string; database: Config['database']; redis: Config['redis']; unloadAfterMs: number };
}

/** One document as clients address it: the room name in the URL and the token (empty when none is needed). */
export interface DocTarget {
  room: string;
  token: string;
}

/** How clients reach a server: the wire protocol, base URLs (one per instance) and the documents. */
export interface Target {
  protocol: 'y-sync' | 'hocuspocus';
  urls: string[];
  docs: DocTarget[];
}

export interface ServerStats {
  /** process.cpuUsage() user + system, µs. */
  cpuUs: number;
  rss: number;
  docsLoaded: number;
  /** Concord: its store-append histogram (cumulative counts per upper bound in seconds, the last +Inf). */
  appendHistogram?: Histogram;
}

export interface Histogram {
  bounds: number[];
  cumulative: number[];
}
