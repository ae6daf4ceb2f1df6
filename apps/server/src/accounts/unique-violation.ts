/**
 * Whether a database error (possibly wrapped by Drizzle in `cause`) is a unique-constraint violation
 * (SQLSTATE 23505), on Postgres and PGlite alike. Callers turn it into a 409 or a lost race.
 */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
