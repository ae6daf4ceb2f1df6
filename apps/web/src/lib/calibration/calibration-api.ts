import type { CalibrationResult, CalibrationReveal, CalibrationSessionView, QualityFlag } from '@concord/protocol';
import type { Item, Member, Page } from '../api-types.ts';
import { createRest, type RestOptions, type RestRequest } from '../projects/rest.ts';
import { getSession } from '../session.svelte.ts';

/** A session in a project's list, with the results the caller may see (quality SPEC C8). */
export type CalibrationListEntry = CalibrationSessionView & { results: CalibrationResult[] };

/** What a trainer sends to create a session (C1). */
export interface NewCalibration {
  title: string;
  itemIds: string[];
  participantIds: string[];
  passThreshold?: number;
}

/** The trainer's moves on a session. */
export type TrainerMove = 'start' | 'reveal' | 'next' | 'end';

export type CalibrationApi = ReturnType<typeof createCalibrationApi>;

/**
 * Typed client for the calibration API (apps/server/src/quality/SPEC.md, C1-C8) and the few project
 * reads the create form needs (items, members, open flags).
 * @example const api = createCalibrationApi({ token: () => session.token }); await api.start('cal_x');
 */
export function createCalibrationApi(options: RestOptions | { request: RestRequest }) {
  const request = 'request' in options ? options.request : createRest(options);
  const id = (value: string) => encodeURIComponent(value);
  const session = (sessionId: string) => `/calibrations/${id(sessionId)}`;
  return {
    list: (projectId: string) => request<{ items: CalibrationListEntry[] }>('GET', `/projects/${id(projectId)}/calibrations`),
    create: (projectId: string, input: NewCalibration) => request<CalibrationSessionView>('POST', `/projects/${id(projectId)}/calibrations`, { json: input }),
    get: (sessionId: string) => request<CalibrationSessionView>('GET', session(sessionId)),
    move: (sessionId: string, move: TrainerMove) => request<CalibrationSessionView>('POST', `${session(sessionId)}/${move}`),
    answer: (sessionId: string) => request<CalibrationSessionView>('POST', `${session(sessionId)}/answer`),
    reveal: (sessionId: string) => request<CalibrationReveal>('GET', `${session(sessionId)}/reveal`),
    items: (projectId: string) => request<Page<Item>>('GET', `/projects/${id(projectId)}/items?limit=200`),
    members: (projectId: string) => request<{ items: Member[] }>('GET', `/projects/${id(projectId)}/members`),
    openFlags: (projectId: string) => request<{ items: QualityFlag[] }>('GET', `/projects/${id(projectId)}/quality/flags?state=open`),
  };
}

/** The calibration client for the signed-in session (a 401 signs out). Call during component initialisation. */
export function useCalibrationApi(): CalibrationApi {
  const auth = getSession();
  return createCalibrationApi({ token: () => auth.token, onUnauthorized: () => auth.clear() });
}
