import { z } from '@hono/zod-openapi';
import { calibrationStates } from '@concord/protocol';
import { MetricValueSchema } from './quality-schemas.ts';
import { idParam, text, timestamp } from './schemas.ts';

/** OpenAPI shapes of the calibration API (the types are in @concord/protocol's quality.ts; quality SPEC C1-C8). */

export const calibrationParams = z.object({ id: idParam('id', 'cal_abcdefghijklmnopqrstuvwxyz234567') });

const ids = (what: string, max: number) =>
  z
    .array(z.string({ error: 'must be a string' }).max(100), { error: 'must be a list of ids' })
    .min(1, `must name at least one ${what}`)
    .max(max, `must name at most ${max} ${what}s`);

export const CreateCalibrationBody = z
  .strictObject({
    title: text(1, 200),
    itemIds: ids('item', 50).openapi({ description: '1-50 items of the project, usually gold items.' }),
    participantIds: ids('participant', 200).openapi({ description: 'Project members who annotate (not the trainer).' }),
    passThreshold: z.number({ error: 'must be a number' }).min(0, 'must be at least 0').max(1, 'must be at most 1').optional().openapi({
      description: 'Accuracy against gold (0-1) needed to pass; default the project’s goldAccuracyThreshold.',
    }),
  })
  .openapi('CreateCalibrationRequest');

const ParticipantSchema = z.object({ userId: z.string(), name: z.string(), answered: z.boolean(), online: z.boolean() }).openapi('CalibrationParticipant');

export const CalibrationViewSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    title: z.string(),
    trainerId: z.string(),
    state: z.enum(calibrationStates),
    itemIds: z.array(z.string()),
    currentIndex: z.number().int(),
    currentItemId: z.string().nullable(),
    revealed: z.boolean(),
    myDocumentId: z.string().nullable().openapi({ description: "The caller's own answer document for the current item." }),
    notesDocumentId: z.string().nullable(),
    participants: z.array(ParticipantSchema).openapi({ description: 'Who answered the current item, never what.' }),
    passThreshold: z.number(),
    createdAt: timestamp(),
    endedAt: timestamp().nullable(),
  })
  .openapi('CalibrationSession');

export const CalibrationResultSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    items: z.number().int(),
    agreement: z.number().nullable(),
    accuracy: z.number().nullable(),
    passed: z.boolean(),
    clearedFlags: z.array(z.string()),
  })
  .openapi('CalibrationResult');

export const CalibrationListSchema = z
  .object({ items: z.array(CalibrationViewSchema.extend({ results: z.array(CalibrationResultSchema) })) })
  .openapi('CalibrationList');

export const CalibrationRevealSchema = z
  .object({
    sessionId: z.string(),
    itemId: z.string(),
    answers: z.array(z.object({ userId: z.string(), name: z.string(), documentId: z.string(), goldScore: z.number().nullable() })),
    goldDocumentId: z.string().nullable(),
    disagreements: z.array(z.object({ path: z.string(), values: z.array(z.object({ userId: z.string(), value: z.unknown() })) })),
    agreement: MetricValueSchema.nullable(),
  })
  .openapi('CalibrationReveal');
