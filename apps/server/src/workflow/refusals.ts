import type { ItemState } from '@concord/protocol';
import { AppError } from '../errors.ts';

/**
 * The 409s and 422s of review, adjudication and QA [W12]: each carries the current state (or holder)
 * in `details`, so a client can say why and reload.
 */

/** The fence sent is not the current holder's: the lease lapsed, was taken over, or the work moved on. */
export function staleLease(details: Record<string, unknown> = {}): AppError {
  return new AppError(409, 'stale_lease', 'Your lease lapsed or was taken over, or the work moved on; claim it again.', details);
}

/** Someone else holds the review or adjudication lease. */
export function leaseHeld(message: string, details: Record<string, unknown>): AppError {
  return new AppError(409, 'lease_held', message, details);
}

/** The item or assignment is not in a state this action applies to. */
export function wrongState(message: string, state: string | null): AppError {
  return new AppError(409, 'invalid_state', message, { state });
}

/** An item already has an open dispute [D2]. */
export function disputeOpen(disputeId: string, state: ItemState | null): AppError {
  return new AppError(409, 'dispute_open', 'This item already has an open dispute.', { disputeId, state });
}

/** The final annotation does not pass validation: nothing changed [D6]. */
export function invalidAnnotation(problems: Array<{ path: string; message: string }>): AppError {
  return new AppError(422, 'invalid_annotation', 'The final annotation does not pass validation: see details.problems.', { problems });
}
