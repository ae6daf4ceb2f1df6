import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainOf, entryHash, genesisHash } from './chain.ts';
import type { AuditEntry } from './types.ts';
import { describeVerification } from './verify.ts';

const entry: Omit<AuditEntry, 'hash'> = {
  chain: 'prj_a',
  seq: 1,
  projectId: 'prj_a',
  actorId: 'usr_a',
  action: 'item.state',
  subjectType: 'item',
  subjectId: 'itm_a',
  itemId: 'itm_a',
  before: { state: 'todo' },
  after: { state: 'in_progress' },
  detail: null,
  configVersion: 3,
  at: '2026-01-31T12:00:00.000Z',
  prevHash: genesisHash,
};

describe('canonicalJson', () => {
  it('[A2] sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson({ z: { y: { x: 1, w: 2 } } })).toBe('{"z":{"y":{"w":2,"x":1}}}');
  });

  it('[A2] gives the same text for the same value whatever the key order (a jsonb round trip reorders keys)', () => {
    const a = { state: 'x', nested: { one: 1, two: [true, null, 'é'] }, count: 2 };
    const b = { count: 2, nested: { two: [true, null, 'é'], one: 1 }, state: 'x' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(JSON.parse(JSON.stringify(b)))).toBe(canonicalJson(a));
  });

  it('[A2] writes undefined and null as null, drops undefined members, escapes strings like JSON', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson('a "quoted"\nline')).toBe(JSON.stringify('a "quoted"\nline'));
    expect(canonicalJson({ 'k"ey': 1 })).toBe('{"k\\"ey":1}');
    expect(canonicalJson([1.5, -0, 1e21, false])).toBe('[1.5,0,1e+21,false]');
  });
});

describe('entryHash', () => {
  it('[A2] is sha256(prevHash + "\\n" + canonicalJson(entry without hash and prevHash))', () => {
    const { prevHash, ...fields } = entry;
    const expected = createHash('sha256').update(`${prevHash}\n${canonicalJson(fields)}`).digest('hex');
    expect(entryHash(entry)).toBe(expected);
    expect(entryHash(entry)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('[A2] the first entry links to 64 zeros', () => {
    expect(genesisHash).toBe('0'.repeat(64));
  });

  it('[A2] changes when any field or the previous hash changes', () => {
    const base = entryHash(entry);
    const variants: Array<Partial<Omit<AuditEntry, 'hash'>>> = [
      { seq: 2 },
      { chain: 'prj_b' },
      { actorId: null },
      { action: 'item.states' },
      { after: { state: 'submitted' } },
      { detail: { reason: 'x' } },
      { configVersion: 4 },
      { at: '2026-01-31T12:00:00.001Z' },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const change of variants) expect(entryHash({ ...entry, ...change }), JSON.stringify(change)).not.toBe(base);
  });

  it('[A2] does not depend on key order inside before, after and detail', () => {
    const a = { ...entry, detail: { b: 1, a: { y: 2, x: 3 } } };
    const b = { ...entry, detail: { a: { x: 3, y: 2 }, b: 1 } };
    expect(entryHash(a)).toBe(entryHash(b));
  });
});

describe('chainOf and describeVerification', () => {
  it('[A2] a project has its own chain; site-wide entries go to `site`', () => {
    expect(chainOf('prj_a')).toBe('prj_a');
    expect(chainOf(null)).toBe('site');
  });

  it('[A3] prints one line per chain', () => {
    expect(describeVerification({ chain: 'prj_a', ok: true, entries: 1234, firstBad: null })).toBe('prj_a ok 1234 entries');
    expect(describeVerification({ chain: 'site', ok: true, entries: 1, firstBad: null })).toBe('site ok 1 entry');
    expect(describeVerification({ chain: 'prj_a', ok: false, entries: 56, firstBad: { seq: 57, reason: 'hash_mismatch' } })).toBe(
      'prj_a BROKEN at seq 57: hash_mismatch',
    );
  });
});
