import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { badRequest } from '../errors.ts';
import { unstorableMessage, unstorablePath } from '../imports/unstorable-text.ts';
import type { Principal } from '../services.ts';

/** Per-request values set by middleware: the authenticated caller on every protected route. */
export interface AppEnv {
  Variables: { principal: Principal };
}

const targetNames: Record<string, string> = {
  json: 'request body',
  query: 'query string',
  param: 'path',
  header: 'headers',
  cookie: 'cookies',
  form: 'form',
};

/** Turns zod issues into a 400 whose message reads on its own and whose details list every issue. */
export function validationError(target: string, error: z.ZodError) {
  const details = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
  const summary = details
    .slice(0, 3)
    .map((d) => (d.path ? `${d.path}: ${d.message}` : d.message))
    .join('; ');
  const more = details.length > 3 ? ` (and ${details.length - 3} more)` : '';
  return badRequest(`Invalid ${targetNames[target] ?? target}: ${summary}${more}.`, details);
}

/**
 * A router whose validation failures all become the same 400 AppError, handled by the app's one onError.
 * @example const router = createRouter(); router.openapi(route, handler);
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error);
      // Path ids are left to the routes: a malformed id is a 404 like a missing one (R2, R5).
      const where = result.target === 'param' ? null : unstorablePath(result.data);
      if (where !== null) {
        throw badRequest(`Invalid ${targetNames[result.target] ?? result.target}: ${where}: ${unstorableMessage}.`, [
          { path: where, code: 'unstorable_text', message: unstorableMessage },
        ]);
      }
    },
  });
}
