import { z } from '@hono/zod-openapi';
import { assignmentStates, reasonCodes } from '@concord/protocol';
import { idParam, text, timestamp } from './schemas.ts';
import { FenceBody } from './workflow-schemas.ts';

/** The queue's lease and fence schemas serve review and adjudication leases too (one OpenAPI component each). */
export { FenceBody, LeaseGrantSchema } from './workflow-schemas.ts';

/** Request and response schemas of the review, dispute and QA routes (protocol types in workflow.ts). */

const person = z.object({ id: z.string(), name: z.string() });

export const assignmentParams = z.object({ id: idParam('id', 'asg_abcdefghijklmnopqrstuvwxyz234567') });
export const disputeParams = z.object({ id: idParam('id', 'dsp_abcdefghijklmnopqrstuvwxyz234567') });
export const itemParams = z.object({ id: idParam('id', 'itm_abcdefghijklmnopqrstuvwxyz234567') });

export const ReasonCodeSchema = z.enum(reasonCodes, { error: `must be one of ${reasonCodes.join(', ')}` }).openapi('ReasonCode');

const decisionFields = {
  decision: z.enum(['accept', 'return', 'reject'], { error: 'must be accept, return or reject' }),
  reasonCode: ReasonCodeSchema.optional(),
  comment: text(0, 4000).optional(),
};

/** [R4] [W15] A return needs a reason and a comment; a rejection a reason. */
function requireReasons(body: { decision: string; reasonCode?: string | undefined; comment?: string | undefined }, ctx: z.RefinementCtx): void {
  if (body.decision !== 'accept' && !body.reasonCode) ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: `is required to ${body.decision}` });
  if (body.decision === 'return' && !body.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'is required to return work: say what to change' });
}

export const ReviewDecisionBody = z
  .strictObject({ fence: FenceBody.shape.fence, ...decisionFields })
  .superRefine(requireReasons)
  .openapi('ReviewDecisionRequest');

export const QaDecisionBody = z.strictObject(decisionFields).superRefine(requireReasons).openapi('QaDecisionRequest');

export const ReviewEntrySchema = z
  .object({
    assignmentId: z.string(),
    projectId: z.string(),
    itemId: z.string(),
    documentId: z.string(),
    title: z.string(),
    tags: z.array(z.string()),
    annotator: person,
    state: z.enum(assignmentStates),
    submittedAt: timestamp(),
    reviewer: person.nullable().openapi({ description: 'Who holds the review lease, while it is live.' }),
  })
  .openapi('ReviewEntry');

export const FieldChangeSchema = z
  .object({
    path: z.string(),
    kind: z.enum(['added', 'removed', 'changed']),
    before: z.unknown(),
    after: z.unknown(),
    changedBy: z.string().nullable(),
  })
  .openapi('FieldChange');

const reason = z.object({ field: z.string(), kind: z.string(), message: z.string(), versions: z.array(z.string()) });

export const DisputeSummarySchema = z
  .object({
    disputeId: z.string(),
    projectId: z.string(),
    itemId: z.string(),
    title: z.string(),
    state: z.enum(['open', 'resolved']),
    openedBy: person.nullable(),
    reasons: z.array(reason),
    adjudicator: person.nullable(),
    createdAt: timestamp(),
    resolvedAt: timestamp().nullable(),
  })
  .openapi('DisputeSummary');

export const DisputeDetailSchema = DisputeSummarySchema.extend({
  taskType: z.enum(['instruction', 'preference', 'alignment']),
  finalDocumentId: z.string(),
  commentsDocumentId: z.string(),
  configVersion: z.number().int(),
  versions: z.array(z.object({ assignmentId: z.string(), annotator: person, documentId: z.string(), content: z.unknown() })),
  resolution: z
    .object({ method: z.enum(['pick', 'merge']), assignmentId: z.string().optional(), comment: z.string() })
    .nullable(),
}).openapi('DisputeDetail');

export const OpenDisputeBody = z.strictObject({ comment: text(1, 4000) }).openapi('OpenDisputeRequest');

export const ResolveBody = z
  .strictObject({
    fence: FenceBody.shape.fence,
    method: z.enum(['pick', 'merge'], { error: 'must be pick or merge' }),
    assignmentId: z.string().max(100).optional(),
    comment: text(0, 4000).default(''),
  })
  .superRefine((b, ctx) => {
    if (b.method === 'pick' && !b.assignmentId) ctx.addIssue({ code: 'custom', path: ['assignmentId'], message: 'is required to pick a version' });
    if (b.method === 'merge' && b.assignmentId) ctx.addIssue({ code: 'custom', path: ['assignmentId'], message: 'is only for pick' });
  })
  .openapi('ResolveDisputeRequest');
