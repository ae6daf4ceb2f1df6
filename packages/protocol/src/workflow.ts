import { z } from 'zod';
import { qualitySettingsSchema } from './quality.ts';

/**
 * Workflow vocabulary shared by server and web: item and assignment states, reason codes, the
 * project's workflow settings and the shapes the queue and review API return.
 * The rules live in apps/server/src/workflow/SPEC.md.
 */

/** Where an item is: to do → in progress → submitted → in review → in QA → validated → accepted, or rejected. */
export const itemStates = ['todo', 'in_progress', 'submitted', 'in_review', 'in_qa', 'validated', 'accepted', 'rejected'] as const;
export type ItemState = (typeof itemStates)[number];

/** One annotator's task on one item. `expired`: the lease lapsed and someone else took the slot. */
export const assignmentStates = ['in_progress', 'submitted', 'in_review', 'returned', 'accepted', 'expired', 'released'] as const;
export type AssignmentState = (typeof assignmentStates)[number];

/** Why work was returned or rejected. Every return and rejection carries one, plus a comment. */
export const reasonCodes = [
  'incorrect_label',
  'incomplete',
  'guideline_violation',
  'poor_text_quality',
  'wrong_region',
  'unsafe_content',
  'bad_item',
  'other',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export const reasonLabels: Record<ReasonCode, string> = {
  incorrect_label: 'Incorrect label or choice',
  incomplete: 'Incomplete',
  guideline_violation: 'Does not follow the guidelines',
  poor_text_quality: 'Poor text quality',
  wrong_region: 'Wrong or missing region',
  unsafe_content: 'Unsafe content',
  bad_item: 'The item itself is unusable',
  other: 'Other (see comment)',
};

/**
 * A project's workflow settings. Every field has a default, so `{}` is valid.
 * @example workflowSettingsSchema.parse({ overlap: 2, labeling: 'blind' })
 */
export const workflowSettingsSchema = z
  .strictObject({
    /** How many independent annotations each item needs (1-5). */
    overlap: z.number().int().min(1).max(5).default(1),
    /** `blind`: each annotator has their own copy, unseen by others until submitted; `collaborative`: one shared document. */
    labeling: z.enum(['blind', 'collaborative']).default('collaborative'),
    /** Whether a reviewer checks every submitted annotation. */
    review: z.boolean().default(true),
    /** Share of items (0-100 %) a QA lead checks besides every disputed item; 100 = all, 0 = disputed only. */
    qaSamplePercent: z.number().min(0).max(100).default(0),
    /** Whether validated items wait for a manager to accept them (else they are accepted at once). */
    managerAcceptance: z.boolean().default(false),
    /** Lease length; the editor renews it every third of this while open. */
    leaseSeconds: z.number().int().min(2).max(86_400).default(600),
    /** When independent annotations disagree enough to open a dispute (blind, overlap ≥ 2). */
    disputes: z
      .strictObject({
        auto: z.boolean().default(true),
        iou: z.number().min(0).max(1).default(0.5),
        rubricDelta: z.number().min(0).default(1),
        textSimilarity: z.number().min(0).max(1).default(0.8),
      })
      .prefault({}),
    /** Agreement and gold thresholds, gold rate, flags (quality/SPEC.md). */
    quality: qualitySettingsSchema.prefault({}),
  })
  .superRefine((value, ctx) => {
    if (value.labeling === 'collaborative' && value.overlap > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['overlap'],
        message: 'overlap above 1 needs blind labeling: a shared document is a single annotation',
      });
    }
  });
export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>;

/** An annotator's task as the queue API returns it. */
export interface Task {
  assignmentId: string;
  projectId: string;
  itemId: string;
  /** The document to open: the annotator's blind copy, or the item's shared document. */
  documentId: string;
  title: string;
  tags: string[];
  state: AssignmentState;
  /** Present while the caller holds the lease: send it with heartbeat, submit and release. */
  fence: number | null;
  leaseExpiresAt: string | null;
  returnReason: ReasonCode | null;
  returnComment: string | null;
  submittedAt: string | null;
}

/** Items per state, plus what waits on people. */
export interface QueueCounts {
  projectId: string;
  byState: Record<ItemState, number>;
  /** Submitted annotations no reviewer has taken yet. */
  awaitingReview: number;
  openDisputes: number;
}

/** A state change of an item, sent to the project (never carries labels). */
export interface ItemStateChange {
  projectId: string;
  itemId: string;
  state: ItemState;
  previous: ItemState;
}

/** Work handed back to its annotator. */
export interface WorkReturned {
  projectId: string;
  assignmentId: string;
  itemId: string;
  documentId: string;
  reasonCode: ReasonCode;
  comment: string;
}

export interface DisputeEvent {
  projectId: string;
  disputeId: string;
  itemId: string;
}

/** A submitted annotation waiting for (or under) review. */
export interface ReviewEntry {
  assignmentId: string;
  projectId: string;
  itemId: string;
  documentId: string;
  title: string;
  tags: string[];
  annotator: { id: string; name: string };
  state: AssignmentState;
  submittedAt: string;
  /** The reviewer holding it, when claimed. */
  reviewer: { id: string; name: string } | null;
}

/** A review lease (claim) or an adjudication lease, as returned when taken or renewed. */
export interface LeaseGrant {
  fence: number;
  leaseExpiresAt: string;
}

/** One field that differs between two versions of an annotation (FieldDiff of @concord/annotation-doc). */
export interface FieldChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
  /** Who last wrote the field in the newer version (user name, model id, or source). */
  changedBy: string | null;
}

export interface DisputeSummary {
  disputeId: string;
  projectId: string;
  itemId: string;
  title: string;
  state: 'open' | 'resolved';
  openedBy: { id: string; name: string } | null;
  /** Short descriptions of the disagreements. */
  reasons: Array<{ field: string; kind: string; message: string; versions: string[] }>;
  adjudicator: { id: string; name: string } | null;
  createdAt: string;
  resolvedAt: string | null;
}

export interface DisputeDetail extends DisputeSummary {
  taskType: 'instruction' | 'preference' | 'alignment';
  /** The item document, where the final annotation is built. */
  finalDocumentId: string;
  commentsDocumentId: string;
  configVersion: number;
  /** Every annotator's version, side by side (typed content of @concord/annotation-doc). */
  versions: Array<{ assignmentId: string; annotator: { id: string; name: string }; documentId: string; content: unknown }>;
  resolution: { method: 'pick' | 'merge'; assignmentId?: string; comment: string } | null;
}

/** One entry of an item's timeline. */
export interface HistoryEntry {
  at: string;
  /** `audit`: a recorded decision or state change; `edits`: document updates by one author within a minute. */
  kind: 'audit' | 'edits';
  actor: { id: string | null; name: string | null; kind: 'user' | 'model' | 'source' | 'system' };
  action: string;
  /** The document edited, for `edits`. */
  documentId?: string;
  /** Number of updates summarised, for `edits`. */
  updates?: number;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown> | null;
  configVersion: number | null;
}

export interface ItemHistory {
  itemId: string;
  projectId: string;
  state: ItemState;
  entries: HistoryEntry[];
}

/** Result of recomputing an audit chain. */
export interface AuditVerification {
  chain: string;
  ok: boolean;
  entries: number;
  /** The first entry that does not verify, and why. */
  firstBad: { seq: number; reason: 'hash_mismatch' | 'broken_link' | 'gap' } | null;
}

/** The manager's overview of a project's workflow. */
export interface WorkflowOverview {
  counts: QueueCounts;
  /** Per UTC day, the last 30 days: annotations submitted and items accepted. */
  throughput: Array<{ day: string; submitted: number; accepted: number }>;
  perAnnotator: Array<{ userId: string; name: string; inProgress: number; submitted: number; accepted: number; returned: number }>;
}
