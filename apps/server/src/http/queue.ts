import type { Services } from '../services.ts';
import { createRouter } from './router.ts';

/** Routes for the annotator's queue: next task, own tasks, direct assignment, leases, submit (workflow SPEC Q, W13). */
export function createQueueRoutes(deps: { services: Services }) {
  void deps;
  const router = createRouter();
  return router;
}
