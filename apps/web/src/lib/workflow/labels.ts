import { reasonLabels, type AssignmentState, type ItemState, type ReasonCode } from '@concord/protocol';

/** Item states as people read them, in workflow order. */
export const itemStateLabels: Record<ItemState, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  submitted: 'Submitted',
  in_review: 'In review',
  in_qa: 'In QA',
  validated: 'Validated',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

/** Assignment (task) states as people read them. */
export const assignmentStateLabels: Record<AssignmentState, string> = {
  in_progress: 'In progress',
  submitted: 'Submitted, waiting for review',
  in_review: 'In review',
  returned: 'Returned to you',
  accepted: 'Accepted',
  expired: 'Expired (taken by someone else)',
  released: 'Given back',
};

/** A reason code's label, or the code itself for one this client does not know. */
export function reasonLabel(code: string | null | undefined): string {
  if (!code) return '';
  return (reasonLabels as Record<string, string>)[code] ?? code;
}

/** Whether a value is one of the protocol's reason codes. */
export function isReasonCode(value: string): value is ReasonCode {
  return Object.hasOwn(reasonLabels, value);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as "3 minutes ago" (within a day) or a date and time. */
export function when(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '';
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 45) return relative.format(0, 'second');
  if (Math.abs(seconds) < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return absolute.format(new Date(at));
}
