import type { z } from 'zod';

/** Something wrong with one record, at a field path (`responses`, `media.0.src`, `prelabel.regions.2.shape`). */
export interface Problem {
  path: string;
  message: string;
}

/** `path: message`, or the message alone for the record as a whole. */
export function problemText(problem: Problem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map(String)].filter((part) => part !== '').join('.');
}

/** zod issues as problems, under a path prefix; unknown keys are named one by one. */
export function zodProblems(error: z.ZodError, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: joinPath(prefix, [...issue.path, key]), message: 'is not a known field' });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // A discriminated union that picked its branch: report that branch's issues, not "invalid input".
      const branch = issue.errors.find((issues) => issues.length > 0);
      if (branch) {
        for (const inner of branch) problems.push({ path: joinPath(prefix, [...issue.path, ...inner.path]), message: inner.message });
        continue;
      }
    }
    problems.push({ path: joinPath(prefix, issue.path), message: issue.message });
  }
  return problems;
}
