import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import type { ErasureInput } from './erasure-api.ts';
import { erasedAtOf } from './erasure-api.ts';
import { ErasureForm } from './erasure-form.svelte.ts';
import { ItemErasureState } from './item-erasure.svelte.ts';

function formWith(run: (input: ErasureInput) => Promise<string>, messages = {}) {
  const calls: ErasureInput[] = [];
  const form = new ErasureForm<string>({ confirmText: 'line-17', run: (input) => (calls.push(input), run(input)), messages });
  return { form, calls };
}

describe('ErasureForm', () => {
  it('[GD5] needs a reason, a valid reference and the external id typed again before it sends anything', async () => {
    const { form, calls } = formWith(async () => 'done');
    expect(form.ready).toBe(false);
    form.reason = 'data_subject_request';
    form.confirmation = 'line-1';
    expect(form.ready).toBe(false);
    expect(await form.submit()).toBe(false);
    form.confirmation = ' line-17 ';
    form.reference = 'Jane Doe';
    expect(form.referenceError).toMatch(/Only letters/);
    expect(form.ready).toBe(false);
    form.reference = 'DSR-2026-0042';
    expect(form.ready).toBe(true);
    expect(calls).toEqual([]);
    expect(await form.submit()).toBe(true);
    expect(calls).toEqual([{ reason: 'data_subject_request', reference: 'DSR-2026-0042' }]);
    expect(form.result).toBe('done');
    // Once answered, it does not send again.
    expect(await form.submit()).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('[GD5] leaves an empty reference out', async () => {
    const { form, calls } = formWith(async () => 'done');
    form.reason = 'other';
    form.confirmation = 'line-17';
    await form.submit();
    expect(calls).toEqual([{ reason: 'other' }]);
  });

  it('shows a 400 in the server’s words and a 403 or 409 in plain words', async () => {
    const fail = (status: number, message: string) => async () => {
      throw new ApiError({ status, code: 'x', message });
    };
    for (const [status, message, expected] of [
      [400, 'reference: must be a case reference', /refused the request: reference: must be a case reference/],
      [403, 'Forbidden', /data\.erase/],
      [409, 'last admin', /last active site admin/],
      [500, 'Boom', /Boom/],
    ] as const) {
      const { form } = formWith(fail(status, message), { 409: 'This is the last active site admin.' });
      form.reason = 'other';
      form.confirmation = 'line-17';
      expect(await form.submit()).toBe(false);
      expect(form.error).toMatch(expected);
      expect(form.result).toBeNull();
    }
  });
});

describe('ItemErasureState', () => {
  it('[GD1] a 410 is an erased item, with the date of its details', async () => {
    const state = new ItemErasureState({
      itemId: 'itm_x',
      api: {
        getItem: async () => {
          throw new ApiError({ status: 410, code: 'erased', message: 'Item itm_x was erased on 2026-11-26T10:00:00.000Z (GDPR Art. 17): only a tombstone is left.', details: { erasedAt: '2026-11-26T10:00:00.000Z' } });
        },
      },
    });
    await state.load();
    expect(state.status).toBe('erased');
    expect(state.erasedAt).toBe('2026-11-26T10:00:00.000Z');
  });

  it('a readable item is live; a 404 is unknown', async () => {
    const live = new ItemErasureState({ itemId: 'itm_x', api: { getItem: async () => ({ id: 'itm_x', projectId: 'prj_x', externalId: 'line-17' }) } });
    await live.load();
    expect(live.status).toBe('live');
    expect(live.item?.externalId).toBe('line-17');
    const hidden = new ItemErasureState({ itemId: 'itm_x', api: { getItem: async () => Promise.reject(new ApiError({ status: 404, code: 'not_found', message: 'Item not found' })) } });
    await hidden.load();
    expect(hidden.status).toBe('unknown');
  });
});

describe('helpers', () => {
  it('reads the date of a 410 from its details', () => {
    expect(erasedAtOf({ details: { erasedAt: '2026-01-02T03:04:05.678Z' } })).toBe('2026-01-02T03:04:05.678Z');
    expect(erasedAtOf({ details: undefined })).toBeNull();
    expect(erasedAtOf({ details: { erasedAt: 5 } })).toBeNull();
  });
});
