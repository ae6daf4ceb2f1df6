import { z } from '@hono/zod-openapi';
import { projectRoles } from '@concord/protocol';
import type { UserInfo } from '../accounts/users.ts';

/**
 * Shared zod schemas and OpenAPI helpers. Request objects are strict (unknown keys are a 400), so no
 * field the client was not meant to set can slip through.
 */

const stringError = { error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : 'must be a string') };
const booleanError = { error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : 'must be true or false') };

/** A trimmed string between `min` and `max` characters. */
export function text(min: number, max: number) {
  return z
    .string(stringError)
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);
}

export const flag = () => z.boolean(booleanError);

/** New passwords: not trimmed (spaces count), 12 to 256 characters. */
export const newPassword = () =>
  z.string(stringError).min(12, 'must be at least 12 characters').max(256, 'must be at most 256 characters');

/** Local part, @, domain; `admin@localhost` is allowed on purpose (the bootstrap admin uses it). */
export const email = () =>
  text(3, 254)
    .toLowerCase()
    .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');

export const roleSchema = z
  .enum(projectRoles, { error: `must be one of ${projectRoles.join(', ')}` })
  .openapi('ProjectRole');

export const timestamp = () => z.iso.datetime().openapi({ example: '2026-01-31T12:00:00.000Z' });

/**
 * A path parameter holding an opaque id; malformed ids are answered like missing ones (404), not 400 [R2].
 * An over-long one becomes '' (never an id), so it too is a plain 404 rather than a validation error.
 */
export function idParam(name: string, example: string) {
  return z
    .string()
    .transform((value) => (value.length > 100 ? '' : value))
    .openapi({ param: { name, in: 'path' }, example });
}

/** [V20] The query of a list that takes no filter, sort or page: any key at all is a 400, never silently ignored. */
export const noQuery = z.strictObject({});

/** `limit` (1..200, default 50) and an opaque `cursor` from the previous page's `nextCursor`. */
export const pageFields = {
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 50 }),
  cursor: z
    .string()
    .max(100, 'is not a cursor from this list')
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' } }),
};

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'Project not found or no access.' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorDescriptions = {
  400: 'Invalid input: `details` lists every problem',
  401: 'Missing, malformed, expired or revoked token',
  403: 'Your role does not allow this',
  404: 'Not found, or not visible to you (the two are indistinguishable)',
  409: 'Conflicts with the current state',
  410: 'Erased (GDPR Art. 17): only a tombstone is left',
  413: 'Request body too large',
  415: 'Body is not of an accepted type (JSON, or the media types an upload accepts)',
  422: 'Well-formed but not acceptable: `details` says what to change',
  502: 'An upstream server (a media URL) failed; its answer is not echoed',
} as const;
type ErrorStatus = keyof typeof errorDescriptions;

const errorResponse = (status: ErrorStatus) => ({
  description: errorDescriptions[status],
  content: { 'application/json': { schema: ErrorSchema } },
});

/**
 * OpenAPI responses for the given error statuses, all with the shared Error body.
 * @example responses: { 200: json(UserSchema, 'The user'), ...errors(400, 401, 404) }
 */
export function errors<S extends ErrorStatus>(...statuses: S[]): Record<S, ReturnType<typeof errorResponse>> {
  return Object.fromEntries(statuses.map((s) => [s, errorResponse(s)])) as Record<S, ReturnType<typeof errorResponse>>;
}

/** A JSON response entry. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body. */
export function body<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Marks a route as needing `Authorization: Bearer <token>`. */
export const bearerSecurity = [{ bearer: [] }];

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: 'usr_abcdefghijklmnopqrstuvwxyz234567' }),
    email: z.string(),
    name: z.string(),
    isAdmin: z.boolean(),
    canCreateProjects: z.boolean(),
    disabled: z.boolean(),
    erasedAt: timestamp().nullable().openapi({ description: 'When the personal data was erased (GDPR Art. 17); null otherwise.' }),
    createdAt: timestamp(),
  })
  .openapi('User');

/** The API's view of a user: an explicit allow-list of fields, so a hash can never ride along. */
export function userJson(user: UserInfo): z.infer<typeof UserSchema> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    canCreateProjects: user.canCreateProjects,
    disabled: user.disabled,
    erasedAt: user.erasedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
