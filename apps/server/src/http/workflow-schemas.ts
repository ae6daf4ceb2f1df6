import { z } from '@hono/zod-openapi';
import { assignmentStates, itemStates, reasonCodes } from '@concord/protocol';
import { QualitySettingsSchema } from './quality-schemas.ts';
import { timestamp } from './schemas.ts';

/** OpenAPI shapes of the workflow API (the types are in @concord/protocol's workflow.ts). */

export const TaskSchema = z
  .object({
    assignmentId: z.string().openapi({ example: 'asg_abcdefghijklmnopqrstuvwxyz234567' }),
    projectId: z.string(),
    itemId: z.string(),
    documentId: z.string().openapi({ description: "The document to open: the caller's blind copy, or the item's shared document." }),
    title: z.string(),
    tags: z.array(z.string()),
    state: z.enum(assignmentStates),
    fence: z.number().int().nullable().openapi({ description: 'While the caller holds the lease: send it with heartbeat, submit and release.' }),
    leaseExpiresAt: timestamp().nullable(),
    returnReason: z.enum(reasonCodes).nullable(),
    returnComment: z.string().nullable(),
    submittedAt: timestamp().nullable(),
  })
  .openapi('Task');

export const LeaseGrantSchema = z.object({ fence: z.number().int(), leaseExpiresAt: timestamp() }).openapi('LeaseGrant');

/** `{ fence }`: the fencing token of the caller's lease, carried by every write of their work. */
export const FenceBody = z.strictObject({ fence: z.number({ error: 'must be a number' }).int().min(0) }).openapi('FenceRequest');

const DisputeThresholds = z.object({ auto: z.boolean(), iou: z.number(), rubricDelta: z.number(), textSimilarity: z.number() });

export const WorkflowSettingsSchema = z
  .object({
    overlap: z.number().int().openapi({ description: 'Independent annotations per item (1-5); above 1 needs blind labeling.' }),
    labeling: z.enum(['blind', 'collaborative']),
    review: z.boolean(),
    qaSamplePercent: z.number(),
    managerAcceptance: z.boolean(),
    leaseSeconds: z.number().int(),
    disputes: DisputeThresholds,
    quality: QualitySettingsSchema,
  })
  .openapi('WorkflowSettings');

/** Some settings to change; the merged result is validated as a whole (ranges, overlap needs blind). */
export const WorkflowSettingsPatch = z
  .strictObject({
    overlap: z.number().optional(),
    labeling: z.enum(['blind', 'collaborative']).optional(),
    review: z.boolean().optional(),
    qaSamplePercent: z.number().optional(),
    managerAcceptance: z.boolean().optional(),
    leaseSeconds: z.number().optional(),
    disputes: z
      .strictObject({ auto: z.boolean().optional(), iou: z.number().optional(), rubricDelta: z.number().optional(), textSimilarity: z.number().optional() })
      .optional(),
    quality: z
      .strictObject({
        agreementThreshold: z.number().optional(),
        goldAccuracyThreshold: z.number().optional(),
        goldRatePercent: z.number().optional(),
        minUnits: z.number().optional(),
        windowDays: z.number().optional(),
        pauseFlagged: z.boolean().optional(),
        tooFastSeconds: z.number().optional(),
      })
      .optional()
      .openapi({ description: 'Quality settings to change, merged field by field; the result is validated (ranges).' }),
  })
  .openapi('WorkflowSettingsPatch');

export const QueueCountsSchema = z
  .object({
    projectId: z.string(),
    byState: z.record(z.enum(itemStates), z.number().int()),
    awaitingReview: z.number().int(),
    openDisputes: z.number().int(),
  })
  .openapi('QueueCounts');

export const WorkflowOverviewSchema = z
  .object({
    counts: QueueCountsSchema,
    throughput: z.array(z.object({ day: z.string().openapi({ example: '2026-01-31' }), submitted: z.number().int(), accepted: z.number().int() })),
    perAnnotator: z.array(
      z.object({
        userId: z.string(),
        name: z.string(),
        inProgress: z.number().int(),
        submitted: z.number().int(),
        accepted: z.number().int(),
        returned: z.number().int(),
      }),
    ),
  })
  .openapi('WorkflowOverview');
