import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';

/** The one error body of the API. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function reply(c: Context, status: ContentfulStatusCode, code: string, message: string, details?: unknown): Response {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
  return c.json(body, status);
}

/** Hono raises these itself (bad JSON, wrong media type); they get our codes and wording. */
const httpExceptionCodes: Partial<Record<number, { code: string; message?: string }>> = {
  400: { code: 'bad_request' },
  413: { code: 'payload_too_large', message: 'Request body is too large.' },
  415: { code: 'unsupported_media_type', message: 'Send the body as JSON with Content-Type: application/json.' },
};

/**
 * Maps every error to `{ error: { code, message, details? } }`: AppErrors as they are, Hono's own
 * HTTP exceptions by status, anything else a 500 that leaks nothing and is logged.
 */
export function createErrorHandler(log: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof AppError) return reply(c, err.status, err.code, err.message, err.details);
    if (err instanceof HTTPException && err.status < 500) {
      const known = httpExceptionCodes[err.status];
      return reply(c, err.status, known?.code ?? 'http_error', known?.message ?? err.message);
    }
    // The path only: query strings may carry secrets, and bodies are never logged.
    log.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error in an HTTP route');
    return reply(c, 500, 'internal_error', 'Something went wrong on the server.');
  };
}

/** Unknown routes answer in the same JSON shape. */
export const notFoundHandler: NotFoundHandler = (c) => reply(c, 404, 'not_found', 'No such route.');
