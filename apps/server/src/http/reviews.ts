import type { Services } from '../services.ts';
import { createRouter } from './router.ts';

/** Routes for review of submitted annotations: list, claim, diff, decide (workflow SPEC R). */
export function createReviewRoutes(deps: { services: Services }) {
  void deps;
  const router = createRouter();
  return router;
}
