import { describe, expect, it } from 'vitest';
import { erasureReasonLabels, erasureReasons, referenceProblem } from './reasons.ts';

describe('erasure reasons', () => {
  it('[GD5] every reason of the shared list has a label', () => {
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
