import { describe, expect, it } from 'vitest';
import { listValue, parseCommand, resolveTarget } from './args.ts';
import { CliError } from './io.ts';

describe('resolveTarget', () => {
  it('[C1] flags or env select the server, with /api/v1 added once', () => {
    expect(resolveTarget({ server: 'http://h:8787/', token: 'cpat_x' }, {})).toEqual({ kind: 'server', apiUrl: 'http://h:8787/api/v1', token: 'cpat_x' });
    expect(resolveTarget({}, { CONCORD_SERVER: 'https://c.example/api/v1', CONCORD_TOKEN: 'cpat_y' })).toEqual({ kind: 'server', apiUrl: 'https://c.example/api/v1', token: 'cpat_y' });
    expect(resolveTarget({ token: 'cpat_flag' }, { CONCORD_SERVER: 'http://h', CONCORD_TOKEN: 'cpat_env' })).toMatchObject({ token: 'cpat_flag' });
  });

  it('[C1] without a server it is local, with --as', () => {
    expect(resolveTarget({}, { CONCORD_TOKEN: 'cpat_ignored' })).toEqual({ kind: 'local', as: null });
    expect(resolveTarget({ as: 'a@b.c' }, {})).toEqual({ kind: 'local', as: 'a@b.c' });
  });

  it('[C1][C4] a server without a token, a token without a server, --as with a server and a bad URL are usage errors', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof CliError ? error.exitCode : 'other';
      }
      return 'none';
    };
    expect(code(() => resolveTarget({ server: 'http://h' }, {}))).toBe(2);
    expect(code(() => resolveTarget({ token: 'cpat_x' }, {}))).toBe(2);
    expect(code(() => resolveTarget({ server: 'http://h', token: 't', as: 'a@b.c' }, {}))).toBe(2);
    expect(code(() => resolveTarget({ server: 'not a url', token: 't' }, {}))).toBe(2);
    expect(code(() => resolveTarget({ server: 'ftp://h', token: 't' }, {}))).toBe(2);
  });
});

describe('parseCommand', () => {
  it('[C4] an unknown option is a usage error naming the command', () => {
    expect(() => parseCommand('export', ['--nope'], { help: { type: 'boolean' } })).toThrow(/concord export: unknown option '--nope'/);
    expect(() => parseCommand('import', ['file.jsonl'], {})).toThrow(CliError);
    expect(parseCommand('import', ['file.jsonl'], {}, true).positionals).toEqual(['file.jsonl']);
  });

  it('splits comma lists and drops empty parts', () => {
    expect(listValue(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(listValue(undefined)).toBeUndefined();
  });
});
