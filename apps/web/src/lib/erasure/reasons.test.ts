import { describe, expect, it } from 'vitest';
import { erasureReasons as serverReasons, referencePattern as serverPattern } from '../../../../server/src/erasure/tombstone.ts';
import { erasureReasonLabels, erasureReasons, referencePattern, referenceProblem } from './reasons.ts';

describe('erasure reasons', () => {
  it('[GD5] the list and the reference pattern are the server’s', () => {
    expect(erasureReasons).toEqual(serverReasons);
    expect(referencePattern.source).toBe(serverPattern.source);
    for (const reason of erasureReasons) expect(erasureReasonLabels[reason]).toBeTruthy();
  });

  it('[GD5] a case number passes; names, sentences and overlong text do not', () => {
    expect(referenceProblem('')).toBeNull();
    expect(referenceProblem('DSR-2026-0042')).toBeNull();
    expect(referenceProblem('JIRA:PRIV#12/a.b_c')).toBeNull();
    expect(referenceProblem('Jane Doe asked')).toMatch(/Only letters/);
    expect(referenceProblem('jane@example.com')).toMatch(/Only letters/);
    expect(referenceProblem('x'.repeat(101))).toMatch(/at most 100/);
  });
});
