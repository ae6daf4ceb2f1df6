// CPU time of the Postgres backends serving one database (Concord stores every update there; the
// references keep documents in memory). Read from /proc: a backend's title names its database.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * User + system CPU µs of this machine's Postgres backends connected to `database` (their process title is
 * `postgres: <cluster>: <user> <database> <client> <state>`); null when /proc shows none (remote database).
 * Backends that exit between two readings take their time with them: Concord keeps a pool, so few do.
 */
export function postgresBackendCpuUs(database: string): number | null {
  let total = 0;
  let found = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.split(' ').includes(database)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the `(comm)`: state is field 3, utime 14 and stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(fields[11]) + Number(fields[12]);
      found++;
    } catch {
      // The process exited while we read it.
    }
  }
  return found === 0 ? null : (total * 1_000_000) / ticksPerSecond;
}

/** The database name of a Postgres URL. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}
