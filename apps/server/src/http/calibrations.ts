import { createRoute } from '@hono/zod-openapi';
import { createCalibrationService, type TrainerMove } from '../quality/calibration/service.ts';
import type { Services } from '../services.ts';
import {
  calibrationParams,
  CalibrationListSchema,
  CalibrationRevealSchema,
  CalibrationViewSchema,
  CreateCalibrationBody,
} from './calibration-schemas.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, json, noQuery } from './schemas.ts';

const route = <P extends string>(method: 'get' | 'post', path: P, summary: string) => ({ method, path, tags: ['calibration'], security: bearerSecurity, summary });

const listRoute = createRoute({
  ...route('get', '/projects/{id}/calibrations', "A project's calibration sessions with results, newest first (quality.read: all; others: their own) [C8]"),
  request: { params: projectParams, query: noQuery },
  responses: { 200: json(CalibrationListSchema, 'The sessions'), ...errors(400, 401, 403, 404) },
});
const createRoute_ = createRoute({
  ...route('post', '/projects/{id}/calibrations', 'Create a calibration session (calibration.run) [C1]; 422 names each bad item or participant'),
  request: { params: projectParams, body: body(CreateCalibrationBody) },
  responses: { 201: json(CalibrationViewSchema, 'The draft session'), ...errors(400, 401, 403, 404, 413, 415, 422) },
});
const getRoute = createRoute({
  ...route('get', '/calibrations/{id}', 'The session as you see it: who answered, never what, until reveal (its trainer or a participant) [C3]'),
  request: { params: calibrationParams },
  responses: { 200: json(CalibrationViewSchema, 'The session'), ...errors(401, 404) },
});
const answerRoute = createRoute({
  ...route('post', '/calibrations/{id}/answer', 'Submit your answer to the current item (a participant) [C4]; 422 with the problems'),
  request: { params: calibrationParams },
  responses: { 200: json(CalibrationViewSchema, 'The session'), ...errors(401, 403, 404, 409, 422) },
});
const revealViewRoute = createRoute({
  ...route('get', '/calibrations/{id}/reveal', 'The revealed current item: answers, gold, disagreements, live agreement [C5]; 409 before reveal'),
  request: { params: calibrationParams },
  responses: { 200: json(CalibrationRevealSchema, 'The reveal'), ...errors(401, 404, 409) },
});

const moveSummaries: Record<TrainerMove, string> = {
  start: 'Start the session at its first item; its documents are created [C2]',
  reveal: "Reveal the current item's answers to everyone in the session [C5]",
  next: 'Move to the next item, unrevealed [C6]',
  end: 'End the session: results stored, a pass clears the participant’s open flags [C6] [C7]',
};
const moveRoutes = (Object.keys(moveSummaries) as TrainerMove[]).map((move) => ({
  move,
  route: createRoute({
    ...route('post', `/calibrations/{id}/${move}`, `${moveSummaries[move]} (its trainer)`),
    request: { params: calibrationParams },
    responses: { 200: json(CalibrationViewSchema, 'The session'), ...errors(401, 403, 404, 409) },
  }),
}));

/** Routes for live calibration sessions (quality SPEC C1-C8). */
export function createCalibrationRoutes(deps: { services: Services }) {
  const calibration = createCalibrationService(deps.services);
  const router = createRouter();

  router.openapi(listRoute, async (c) => c.json({ items: await calibration.list(c.get('principal'), c.req.valid('param').id) }, 200));

  router.openapi(createRoute_, async (c) => {
    const view = await calibration.create(c.get('principal'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(view, 201);
  });

  router.openapi(getRoute, async (c) => c.json(await calibration.view(c.get('principal'), c.req.valid('param').id), 200));

  router.openapi(answerRoute, async (c) => c.json(await calibration.answer(c.get('principal'), c.req.valid('param').id), 200));

  router.openapi(revealViewRoute, async (c) => c.json(await calibration.reveal(c.get('principal'), c.req.valid('param').id), 200));

  for (const { move, route: r } of moveRoutes) {
    router.openapi(r, async (c) => c.json(await calibration.move(c.get('principal'), c.req.valid('param').id, move), 200));
  }
  return router;
}
