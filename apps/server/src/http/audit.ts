import type { Services } from '../services.ts';
import { createRouter } from './router.ts';

/** Routes for the audit trail, its verification and item history (workflow SPEC A). */
export function createAuditRoutes(deps: { services: Services }) {
  void deps;
  const router = createRouter();
  return router;
}
