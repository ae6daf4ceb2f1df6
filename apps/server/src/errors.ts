/**
 * The few named errors of the server. HTTP maps them in one onError (http/app.ts);
 * anything else is a 500 with no detail leaked.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details);
export const unauthenticated = (message = 'Sign in first: missing, expired or revoked token.') =>
  new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'Your role does not allow this.') => new AppError(403, 'forbidden', message);
/** Missing and not-yours look the same, so ids cannot be probed. */
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found or no access.`);
export const conflict = (message: string) => new AppError(409, 'conflict', message);
export const unavailable = (message: string) => new AppError(503, 'unavailable', message);
