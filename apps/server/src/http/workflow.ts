import type { Services } from '../services.ts';
import { createRouter } from './router.ts';

/** Routes for workflow settings, overview and queue counts (workflow SPEC S, API). */
export function createWorkflowRoutes(deps: { services: Services }) {
  void deps;
  const router = createRouter();
  return router;
}
