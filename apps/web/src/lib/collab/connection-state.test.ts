import { describe, expect, it } from 'vitest';
import {
  type ConnectionEvent,
  type ConnectionState,
  initialConnectionState,
  reduceConnection,
  statusAfterClose,
} from './connection-state.ts';

function run(...events: ConnectionEvent[]): ConnectionState {
  return events.reduce(reduceConnection, initialConnectionState);
}

const connectedSynced: ConnectionEvent[] = [{ type: 'connecting' }, { type: 'open' }, { type: 'synced' }];

describe('reduceConnection', () => {
  it('starts connecting, not synced, nothing pending', () => {
    expect(initialConnectionState).toEqual({ status: 'connecting', synced: false, pendingLocalEdits: false, attempts: 0 });
  });

  it('connecting counts attempts and keeps the first-connection wording', () => {
    expect(run({ type: 'connecting' })).toEqual({ ...initialConnectionState, attempts: 1 });
    expect(run({ type: 'connecting' }, { type: 'connecting' }).attempts).toBe(2);
  });

  it('open means connected but not yet synced', () => {
    expect(run({ type: 'connecting' }, { type: 'open' })).toMatchObject({ status: 'connected', synced: false });
  });

  it('synced means connected and synced, and resets attempts', () => {
    expect(run(...connectedSynced)).toEqual({ status: 'connected', synced: true, pendingLocalEdits: false, attempts: 0 });
  });

  it('a transient close goes to reconnecting and unsyncs', () => {
    for (const code of [1000, 1001, 1006, 1011, 1012, 1013, 4429]) {
      expect(run(...connectedSynced, { type: 'closed', code })).toMatchObject({ status: 'reconnecting', synced: false });
    }
  });

  it('retries after a close keep saying reconnecting and count attempts', () => {
    const s = run(...connectedSynced, { type: 'closed', code: 1006 }, { type: 'connecting' }, { type: 'closed', code: 1006 }, { type: 'connecting' });
    expect(s).toMatchObject({ status: 'reconnecting', attempts: 2 });
  });

  it('connecting while apparently connected (close missed) becomes reconnecting', () => {
    expect(run(...connectedSynced, { type: 'connecting' })).toMatchObject({ status: 'reconnecting', synced: false, attempts: 1 });
  });

  it('reconnecting then open then synced is connected again', () => {
    const s = run(...connectedSynced, { type: 'closed', code: 1012 }, { type: 'connecting' }, { type: 'open' }, { type: 'synced' });
    expect(s).toEqual({ status: 'connected', synced: true, pendingLocalEdits: false, attempts: 0 });
  });

  it('4401 signs out', () => {
    expect(run(...connectedSynced, { type: 'closed', code: 4401 })).toMatchObject({ status: 'signed-out', synced: false });
    expect(statusAfterClose(4401)).toBe('signed-out');
  });

  it('4403 and 4404 mean no access', () => {
    expect(run({ type: 'connecting' }, { type: 'open' }, { type: 'closed', code: 4403 }).status).toBe('no-access');
    expect(run({ type: 'connecting' }, { type: 'closed', code: 4404 }).status).toBe('no-access');
  });

  it('terminal states ignore every later connection event', () => {
    const later: ConnectionEvent[] = [
      { type: 'connecting' },
      { type: 'open' },
      { type: 'synced' },
      { type: 'closed', code: 1006 },
      { type: 'closed', code: 4401 },
      { type: 'browser-offline' },
      { type: 'browser-online' },
    ];
    for (const code of [4401, 4403, 4404]) {
      const terminal = run({ type: 'connecting' }, { type: 'closed', code });
      for (const event of later) expect(reduceConnection(terminal, event)).toBe(terminal);
    }
  });

  it('terminal states still record edits that can no longer be sent', () => {
    const s = run({ type: 'closed', code: 4403 }, { type: 'local-edit' });
    expect(s).toMatchObject({ status: 'no-access', pendingLocalEdits: true });
  });

  describe('pending local edits', () => {
    it('an edit while connected and synced is not pending', () => {
      const synced = run(...connectedSynced);
      expect(reduceConnection(synced, { type: 'local-edit' })).toBe(synced);
    });

    it('an edit before the first sync, while open but unsynced, reconnecting or offline is pending', () => {
      expect(run({ type: 'local-edit' }).pendingLocalEdits).toBe(true);
      expect(run({ type: 'connecting' }, { type: 'open' }, { type: 'local-edit' }).pendingLocalEdits).toBe(true);
      expect(run(...connectedSynced, { type: 'closed', code: 1006 }, { type: 'local-edit' }).pendingLocalEdits).toBe(true);
      expect(run(...connectedSynced, { type: 'browser-offline' }, { type: 'local-edit' }).pendingLocalEdits).toBe(true);
    });

    it('stays pending through open and clears only on sync', () => {
      const offline = run(...connectedSynced, { type: 'closed', code: 1006 }, { type: 'local-edit' });
      const opened = reduceConnection(reduceConnection(offline, { type: 'connecting' }), { type: 'open' });
      expect(opened).toMatchObject({ status: 'connected', synced: false, pendingLocalEdits: true });
      const moreEdits = reduceConnection(opened, { type: 'local-edit' });
      expect(moreEdits.pendingLocalEdits).toBe(true);
      expect(reduceConnection(moreEdits, { type: 'synced' })).toMatchObject({ synced: true, pendingLocalEdits: false });
    });

    it('a synced connection that then goes offline keeps edits pending', () => {
      const s = run(...connectedSynced, { type: 'browser-offline' }, { type: 'local-edit' }, { type: 'browser-online' });
      expect(s).toMatchObject({ status: 'connected', synced: true, pendingLocalEdits: true });
    });
  });

  describe('browser offline and online', () => {
    it('offline overrides connecting, connected and reconnecting', () => {
      expect(run({ type: 'browser-offline' }).status).toBe('offline');
      expect(run(...connectedSynced, { type: 'browser-offline' }).status).toBe('offline');
      expect(run(...connectedSynced, { type: 'closed', code: 1006 }, { type: 'browser-offline' }).status).toBe('offline');
    });

    it('a second offline event changes nothing', () => {
      const s = run({ type: 'browser-offline' });
      expect(reduceConnection(s, { type: 'browser-offline' })).toBe(s);
    });

    it('closes and retries while offline stay offline', () => {
      const s = run(...connectedSynced, { type: 'browser-offline' }, { type: 'closed', code: 1006 }, { type: 'connecting' });
      expect(s).toMatchObject({ status: 'offline', synced: false, attempts: 1 });
    });

    it('a terminal close while offline still wins', () => {
      expect(run({ type: 'browser-offline' }, { type: 'closed', code: 4401 }).status).toBe('signed-out');
    });

    it('online after a lost connection is reconnecting', () => {
      const s = run(...connectedSynced, { type: 'browser-offline' }, { type: 'closed', code: 1006 }, { type: 'browser-online' });
      expect(s).toMatchObject({ status: 'reconnecting', synced: false });
    });

    it('online while the synced socket survived is connected again', () => {
      const s = run(...connectedSynced, { type: 'browser-offline' }, { type: 'browser-online' });
      expect(s).toEqual({ status: 'connected', synced: true, pendingLocalEdits: false, attempts: 0 });
    });

    it('online when not offline changes nothing', () => {
      const s = run(...connectedSynced);
      expect(reduceConnection(s, { type: 'browser-online' })).toBe(s);
    });

    it('a socket that opens or syncs while the browser claims offline is connected', () => {
      expect(run({ type: 'browser-offline' }, { type: 'open' })).toMatchObject({ status: 'connected', synced: false });
      expect(run({ type: 'browser-offline' }, { type: 'open' }, { type: 'synced' })).toMatchObject({ status: 'connected', synced: true });
    });
  });

  it('never mutates its input', () => {
    const state = { ...initialConnectionState };
    const copy = { ...state };
    reduceConnection(state, { type: 'local-edit' });
    reduceConnection(state, { type: 'open' });
    expect(state).toEqual(copy);
  });
});
