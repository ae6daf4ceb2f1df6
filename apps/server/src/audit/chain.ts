import { createHash } from 'node:crypto';
import type { AuditEntry } from './types.ts';

/** The previous hash of a chain's first entry. */
export const genesisHash = '0'.repeat(64);

/** The chain an entry of a project belongs to: the project id, or `site` for site-wide entries. */
export const chainOf = (projectId: string | null): string => projectId ?? 'site';

/**
 * JSON with object keys sorted at every level, so a value hashes the same after a jsonb round trip
 * (Postgres reorders keys). `undefined` becomes null.
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the previous hash and the entry's fields, everything but `hash` itself. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { prevHash, ...fields } = entry;
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}
