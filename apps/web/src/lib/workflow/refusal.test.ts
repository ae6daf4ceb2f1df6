import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { parseError } from '../projects/rest.ts';
import { holderOf, isStaleLease, problemsOf, stateOf } from './refusal.ts';

const refusal = (status: number, code: string, details?: unknown) => parseError(status, JSON.stringify({ error: { code, message: 'no', details } }));

describe('workflow refusals', () => {
  it('reads the problems of a 422, from details.problems or a bare list', () => {
    const problems = [{ path: 'judgement.choice', message: 'choose the better response' }];
    expect(problemsOf(refusal(422, 'invalid_annotation', { problems }))).toEqual(problems);
    expect(problemsOf(refusal(422, 'invalid_annotation', [...problems, { nope: 1 }]))).toEqual(problems);
    expect(problemsOf(refusal(409, 'stale_lease', { problems }))).toBeNull();
    expect(problemsOf(new Error('x'))).toBeNull();
  });

  it('tells a stale lease from other conflicts', () => {
    expect(isStaleLease(refusal(409, 'stale_lease', { state: 'expired' }))).toBe(true);
    expect(isStaleLease(refusal(409, 'lease_held'))).toBe(false);
    expect(isStaleLease(new ApiError({ status: 0, code: 'network', message: 'offline' }))).toBe(false);
  });

  it('names the holder of a lease and the current state', () => {
    expect(holderOf(refusal(409, 'lease_held', { adjudicator: { id: 'usr_1', name: 'Quinn' } }))).toEqual({ id: 'usr_1', name: 'Quinn' });
    expect(holderOf(refusal(409, 'lease_held', { reviewer: 'Rae', state: 'in_review' }))).toEqual({ id: null, name: 'Rae' });
    expect(holderOf(refusal(409, 'lease_held', {}))).toBeNull();
    expect(stateOf(refusal(409, 'invalid_state', { state: 'accepted' }))).toBe('accepted');
    expect(stateOf(refusal(409, 'invalid_state'))).toBeNull();
  });
});
