import type { ExportJob, ItemErasureResult, PersonErasureResult } from '@concord/protocol';
import { createRest, type RestOptions } from '../projects/rest.ts';
import { getSession } from '../session.svelte.ts';
import type { ErasureReason } from './reasons.ts';

/** What every erasure request carries (GD5): a reason from the fixed list and an optional case reference. */
export interface ErasureInput {
  reason: ErasureReason;
  /** A case number; left out when empty. */
  reference?: string;
}

/** The few item fields the erase dialog needs (`GET /items/{id}`). */
export interface ItemSummary {
  id: string;
  projectId: string;
  externalId: string;
  title?: string;
}

/** Typed client for the erasure endpoints (apps/server/src/erasure/SPEC.md). */
export type ErasureApi = ReturnType<typeof createErasureApi>;

/**
 * Creates the erasure client: erase an item (GD1) or a person (GD10), read an item (410 once erased) and
 * find the project of a past export (to link to its Export page).
 * @example const api = createErasureApi({ token: () => session.token }); await api.eraseItem({ projectId, itemId, reason: 'other' });
 */
export function createErasureApi(options: RestOptions) {
  const request = createRest(options);
  const id = (value: string) => encodeURIComponent(value);

  return {
    /** `GET /items/{id}`: an erased item is an ApiError 410 (code `erased`) whose message names the date. */
    getItem: (itemId: string) => request<ItemSummary>('GET', `/items/${id(itemId)}`),
    /** `DELETE /projects/{id}/items/{itemId}` (data.erase); erasing it again answers `alreadyErased` [GD9]. */
    eraseItem: (input: ErasureInput & { projectId: string; itemId: string }) => {
      const query = new URLSearchParams({ reason: input.reason });
      if (input.reference) query.set('reference', input.reference);
      return request<ItemErasureResult>('DELETE', `/projects/${id(input.projectId)}/items/${id(input.itemId)}?${query.toString()}`);
    },
    /** `POST /users/{id}/erase` (site admins); the last active admin is a 409. */
    erasePerson: (input: ErasureInput & { userId: string }) =>
      request<PersonErasureResult>('POST', `/users/${id(input.userId)}/erase`, {
        json: { reason: input.reason, ...(input.reference ? { reference: input.reference } : {}) },
      }),
    /** `GET /exports/{id}`, for the project it belongs to. */
    getExport: (exportId: string) => request<Pick<ExportJob, 'id' | 'projectId'>>('GET', `/exports/${id(exportId)}`),
  };
}

/** The erasure client for the signed-in session (a 401 signs out). Call during component initialisation. */
export function useErasureApi(): ErasureApi {
  const session = getSession();
  return createErasureApi({ token: () => session.token, onUnauthorized: () => session.clear() });
}

/** The erasure date a 410 for an erased item carries in its details, or null. */
export function erasedAtOf(error: { details: unknown }): string | null {
  const erasedAt = (error.details as { erasedAt?: unknown } | null | undefined)?.erasedAt;
  return typeof erasedAt === 'string' ? erasedAt : null;
}
