import { describe, expect, it } from 'vitest';
import { createRest } from '../../projects/rest.ts';
import { GoldAnswer, goldErrorOf } from './gold-answer.svelte.ts';

interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** A server answering each call with the next response; records what was asked. */
function fakeServer(responses: (() => Response)[]) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', url: String(input), body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    return next();
  }) as typeof globalThis.fetch;
  return { calls, request: createRest({ token: () => 'tok', fetch }) };
}

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const noContent = () => new Response(null, { status: 204 });

function gold(responses: (() => Response)[]) {
  const server = fakeServer(responses);
  const control = new GoldAnswer({ request: server.request, projectId: 'prj_1', itemId: 'itm_1', documentId: 'doc_1' });
  return { ...server, control };
}

describe('GoldAnswer', () => {
  it('[G1] reads whether the item has gold, then uses this document as the gold answer', async () => {
    const { control, calls } = gold([json(200, { id: 'itm_1', hasGold: false }), noContent]);
    expect(control.status).toBe('loading');
    await control.load();
    expect([control.status, control.hasGold]).toEqual(['ready', false]);
    await control.useThisAnnotation();
    expect(control.hasGold).toBe(true);
    expect(control.notice).toBe('Gold answer set from this annotation.');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/api/v1/items/itm_1', undefined],
      ['PUT', '/api/v1/projects/prj_1/items/itm_1/gold', { fromDocumentId: 'doc_1' }],
    ]);
  });

  it('[G1] clears only after confirming; keeping it sends nothing', async () => {
    const { control, calls } = gold([json(200, { hasGold: true }), noContent]);
    await control.load();
    control.askClear();
    expect(control.confirmingClear).toBe(true);
    control.cancelClear();
    expect([control.confirmingClear, control.hasGold, calls.length]).toEqual([false, true, 1]);
    control.askClear();
    await control.confirmClear();
    expect([control.confirmingClear, control.hasGold, control.notice]).toEqual([false, false, 'Gold answer cleared.']);
    expect(calls[1]).toMatchObject({ method: 'PUT', body: { gold: null } });
  });

  it('[G1] a refused answer keeps the state shown and lists what the server named', async () => {
    const refusal = { error: { code: 'invalid_gold', message: 'The gold answer is not valid for this item: see details.', details: [{ path: 'fromDocumentId', message: 'the ranking leaves response 2 unranked' }] } };
    const { control } = gold([json(200, { hasGold: false }), json(422, refusal)]);
    await control.load();
    await control.useThisAnnotation();
    expect(control.hasGold).toBe(false);
    expect(control.busy).toBe(false);
    expect(control.error).toEqual({ message: 'The gold answer is not valid for this item: see details.', details: ['the ranking leaves response 2 unranked'] });
  });

  it('a failed load says why; a plain error has no details', async () => {
    const { control } = gold([json(403, { error: { code: 'forbidden', message: 'Your role does not allow this.' } })]);
    await control.load();
    expect([control.status, control.hasGold, control.error]).toEqual(['error', null, { message: 'Your role does not allow this.', details: [] }]);
    expect(goldErrorOf(new Error('boom'))).toEqual({ message: 'boom', details: [] });
  });
});
