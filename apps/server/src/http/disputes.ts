import type { Services } from '../services.ts';
import { createRouter } from './router.ts';

/** Routes for disputes, live adjudication, QA decisions and manager acceptance (workflow SPEC D, W14-W15). */
export function createDisputeRoutes(deps: { services: Services }) {
  void deps;
  const router = createRouter();
  return router;
}
