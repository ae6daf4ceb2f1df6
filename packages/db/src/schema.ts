
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** Raw bytes (Yjs updates and snapshots). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Lower-cased e-mail address; unique. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url parts). */
    passwordHash: text('password_hash').notNull(),
    isAdmin: boolean('is_admin').notNull().default(false),
    canCreateProjects: boolean('can_create_projects').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    /**
     * When the person's data was erased (GDPR Art. 17, erasure/SPEC.md G10): name and e-mail are a
     * tombstone, the password is unusable, tokens and memberships are gone; the id stays as a pseudonym.
     */
    erasedAt: timestamp('erased_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

/** Sign-in sessions and personal API tokens. Only a SHA-256 of the token is stored. */
export const tokens = pgTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['session', 'api'] }).notNull(),
    /** A label for API tokens ("nightly export"); null for sessions. */
    name: text('name'),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('tokens_hash_key').on(t.tokenHash), index('tokens_user_idx').on(t.userId)],
);

export const projects = pgTable('projects', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  /** `instruction`, `preference` or `alignment` (@concord/annotation-doc). Fixed at creation. */
  taskType: text('task_type', { enum: ['instruction', 'preference', 'alignment'] }).notNull().default('alignment'),
  /** The current configuration version (a row of project_configs; version 1 may be implicit: the type's default). */
  configVersion: integer('config_version').notNull().default(1),
  /** Workflow settings (WorkflowSettings of @concord/protocol: overlap, blind or collaborative, stages, dispute thresholds). */
  workflow: jsonb('workflow').notNull().default({}),
});

/** Every version of a project's configuration (labels, rubric, required fields, guidelines). Never updated. */
export const projectConfigs = pgTable(
  'project_configs',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    config: jsonb('config').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.version] })],
);

export const projectMembers = pgTable(
  'project_members',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', {
      enum: ['annotator', 'reviewer', 'qa_lead', 'trainer', 'manager', 'viewer'],
    }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index('project_members_user_idx').on(t.userId)],
);

/** A collaborative Yjs document. `updateSeq` is the last sequence number given to one of its updates. */
export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updateSeq: bigint('update_seq', { mode: 'number' }).notNull().default(0),
    /** The item this document annotates; null for free documents. */
    itemId: text('item_id').references(() => items.id, { onDelete: 'cascade' }),
    /** The project configuration version the annotation is made under. */
    configVersion: integer('config_version').notNull().default(1),
    /**
     * `item`: the item's shared document (co-edited, or the final annotation of a blind item);
     * `copy`: one annotator's blind copy of it (`ownerId`); `comments`: a dispute's comment thread;
     * `calibration`: a participant's blind answer in a calibration session (`ownerId`); `notes`: a
     * calibration item's shared discussion notes; `gold`: a read-only rendering of an item's gold answer.
     */
    kind: text('kind', { enum: ['item', 'copy', 'comments', 'calibration', 'notes', 'gold'] }).notNull().default('item'),
    /** The annotator a blind copy belongs to. */
    ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('documents_project_idx').on(t.projectId, t.createdAt), index('documents_item_idx').on(t.itemId)],
);

/**
 * One annotator's task on one item: their lease while they work (fenced), their submission and its
 * review. At most one per (item, user); at most `overlap` active per item (workflow/SPEC.md).
 */
export const assignments = pgTable(
  'assignments',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The document the annotator writes: their blind copy, or the item's shared document. */
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['in_progress', 'submitted', 'in_review', 'returned', 'accepted', 'expired', 'released'] }).notNull(),
    /**
     * `work` holds one of the item's slots; `gold_check` is a gold item served outside the item's slots
     * to measure an annotator (quality/SPEC.md G2, G6): it never counts in the item's overlap, never
     * moves the item's state and is never reviewed.
     */
    kind: text('kind', { enum: ['work', 'gold_check'] }).notNull().default('work'),
    /** Grows with every lease taken on this assignment; a write carrying an older one is refused. */
    fence: bigint('fence', { mode: 'number' }).notNull().default(0),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true, mode: 'date' }),
    /** Who assigned it (a manager); null when taken from the queue. */
    assignedBy: text('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    /** The document's state as submitted: the annotator's version that reviews are diffed against. */
    submittedState: bytea('submitted_state'),
    /** The reviewer holding (or who last held) the review, with its own fenced lease. */
    reviewerId: text('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    reviewFence: bigint('review_fence', { mode: 'number' }).notNull().default(0),
    reviewLeaseExpiresAt: timestamp('review_lease_expires_at', { withTimezone: true, mode: 'date' }),
    /** Why it was returned (reason code and comment), while returned. */
    returnReason: text('return_reason'),
    returnComment: text('return_comment'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('assignments_item_user_key').on(t.itemId, t.userId),
    index('assignments_project_state_idx').on(t.projectId, t.state),
    index('assignments_user_idx').on(t.userId, t.state),
  ],
);

/** Every review and QA decision, in order. */
export const reviews = pgTable(
  'reviews',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    /** The annotation reviewed; null for an item-level QA decision. */
    assignmentId: text('assignment_id').references(() => assignments.id, { onDelete: 'cascade' }),
    reviewerId: text('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    stage: text('stage', { enum: ['review', 'qa'] }).notNull(),
    decision: text('decision', { enum: ['accepted', 'returned', 'rejected'] }).notNull(),
    reasonCode: text('reason_code'),
    comment: text('comment'),
    /** Whether the reviewer changed the annotation before deciding (the diff is against submitted_state). */
    edited: boolean('edited').notNull().default(false),
    configVersion: integer('config_version').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('reviews_item_idx').on(t.itemId, t.createdAt), index('reviews_project_idx').on(t.projectId, t.createdAt)],
);

/** A disagreement between the annotations of one item, adjudicated live by a QA lead. */
export const disputes = pgTable(
  'disputes',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['open', 'resolved'] }).notNull(),
    /** Who opened it; null when opened automatically by disagreement detection. */
    openedBy: text('opened_by').references(() => users.id, { onDelete: 'set null' }),
    /** The disagreements found (Disagreement[] of @concord/annotation-doc), or the reviewer's reason. */
    reasons: jsonb('reasons').notNull().default([]),
    /** The Yjs document holding the comment thread. */
    commentsDocumentId: text('comments_document_id').references(() => documents.id, { onDelete: 'set null' }),
    /** The QA lead adjudicating (writes the final annotation) under a fenced lease. */
    adjudicatorId: text('adjudicator_id').references(() => users.id, { onDelete: 'set null' }),
    fence: bigint('fence', { mode: 'number' }).notNull().default(0),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true, mode: 'date' }),
    /** How it was resolved: `{ method: 'pick', assignmentId } | { method: 'merge', fields }`, with a comment. */
    resolution: jsonb('resolution'),
    resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('disputes_project_state_idx').on(t.projectId, t.state, t.createdAt), index('disputes_item_idx').on(t.itemId)],
);

/**
 * Append-only, hash-chained record of every state change, review decision, role change, import and
 * export (EU AI Act record keeping). One chain per project (`chain` = project id, or `site`).
 * `hash` = SHA-256 over `prevHash` and the entry's canonical JSON; audit/SPEC.md.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    chain: text('chain').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    projectId: text('project_id'),
    /** Who did it; null for the system (automatic transitions). Kept without a foreign key. */
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** The item concerned, when there is one (for item history). */
    itemId: text('item_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    detail: jsonb('detail'),
    configVersion: integer('config_version'),
    /** ISO timestamp as hashed (millisecond precision). */
    at: text('at').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chain, t.seq] }), index('audit_log_item_idx').on(t.itemId, t.seq)],
);

/**
 * Which actor wrote with each Yjs client id in a document: a user (bound when their first update is
 * stored), a model (its pre-label) or the import source. Provenance is derived from it; a client id,
 * once bound, cannot be used by anyone else.
 */
export const documentClients = pgTable(
  'document_clients',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    clientId: bigint('client_id', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: ['user', 'model', 'source'] }).notNull(),
    /** Kept without a foreign key: provenance outlives the account (the id is pseudonymous). */
    userId: text('user_id'),
    modelId: text('model_id'),
    promptVersion: text('prompt_version'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.clientId] })],
);

/** Uploaded or fetched media. Bytes live in the media store under a server-generated key. */
export const media = pgTable(
  'media',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    storageKey: text('storage_key').notNull(),
    kind: text('kind', { enum: ['image', 'audio'] }).notNull(),
    contentType: text('content_type').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    width: integer('width'),
    height: integer('height'),
    sha256: text('sha256').notNull(),
    /** The uploader's file name (display and import references only; never a path). */
    originalName: text('original_name'),
    sourceUrl: text('source_url'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('media_project_idx').on(t.projectId, t.createdAt),
    index('media_project_sha_idx').on(t.projectId, t.sha256),
    index('media_project_name_idx').on(t.projectId, t.originalName),
  ],
);

/** Things to annotate. `externalId` makes imports idempotent (given by the file, or a hash of the line). */
export const items = pgTable(
  'items',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    /** Capability slices (`ocr`, `counting`, `spatial`, `safety` …). */
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    /** The item's content as imported (an ItemSeed of @concord/annotation-doc). */
    seed: jsonb('seed').notNull(),
    /** A model's pre-label, if any (a Prelabel of @concord/annotation-doc). */
    prelabel: jsonb('prelabel'),
    /** A gold answer (same shape as a pre-label), for quality checks. */
    gold: jsonb('gold'),
    importId: text('import_id'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /** Workflow state (ItemState of @concord/protocol; workflow/SPEC.md). */
    state: text('state', { enum: ['todo', 'in_progress', 'submitted', 'in_review', 'in_qa', 'validated', 'accepted', 'rejected'] })
      .notNull()
      .default('todo'),
    stateChangedAt: timestamp('state_changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Whether QA samples this item (drawn once, when it leaves review). Null until drawn. */
    qaSampled: boolean('qa_sampled'),
    /**
     * The document holding the item's final annotation once validated: the item document
     * (collaborative, or merged by a QA lead) or the blind copy that was accepted or picked.
     */
    finalDocumentId: text('final_document_id'),
    /**
     * When the item was erased (GDPR Art. 17, erasure/SPEC.md G1): the row is a tombstone that keeps its
     * id, project and a hash of its external id; content, documents and media are gone.
     */
    erasedAt: timestamp('erased_at', { withTimezone: true, mode: 'date' }),
    /** Who erased it. Kept without a foreign key, like the audit log's actor. */
    erasedBy: text('erased_by'),
  },
  (t) => [
    uniqueIndex('items_project_external_key').on(t.projectId, t.externalId),
    index('items_project_idx').on(t.projectId, t.createdAt),
    index('items_project_state_idx').on(t.projectId, t.state, t.createdAt),
  ],
);

/** One import run: progress and per-line errors. */
export const imports = pgTable(
  'imports',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    format: text('format', { enum: ['jsonl', 'label-studio'] }).notNull(),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    fileName: text('file_name'),
    linesDone: integer('lines_done').notNull().default(0),
    created: integer('created').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** The first errors: `{ line, message }[]`. */
    errors: jsonb('errors').$type<{ line: number; message: string }[]>().notNull().default([]),
    /** Why the whole import failed, when it did. */
    failure: text('failure'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('imports_project_idx').on(t.projectId, t.createdAt)],
);

/**
 * Append-only log of every Yjs update a document received, who sent it and when.
 * `seq` is dense per document and allocated under the document row's lock, so seq order is commit order.
 */
export const documentUpdates = pgTable(
  'document_updates',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    update: bytea('update').notNull(),
    /** The user whose client sent it; null for server-made updates (import, model). */
    userId: text('user_id'),
    /** Transaction origin kind: `client`, `server`, `import`, `model`. */
    origin: text('origin').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.seq] })],
);

/** The merged state of a document's log up to and including `seq`. */
export const documentSnapshots = pgTable('document_snapshots', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  state: bytea('state').notNull(),
  updateCount: integer('update_count').notNull(),
  createdAt: createdAt(),
});


/**
 * What each submitted annotation said, reduced to comparable fields (@concord/agreement `observe`), written
 * when it is submitted (and rewritten on resubmission), so agreement is computed without decoding Yjs
 * documents. One row per assignment, or per calibration answer. quality/SPEC.md.
 */
export const annotationObservations = pgTable(
  'annotation_observations',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** `work`: a queue assignment (`id` is the assignment id); `calibration`: a calibration answer. */
    source: text('source', { enum: ['work', 'calibration'] }).notNull(),
    calibrationId: text('calibration_id'),
    taskType: text('task_type', { enum: ['instruction', 'preference', 'alignment'] }).notNull(),
    /** The item's tags when submitted (capability slices). */
    slices: jsonb('slices').$type<string[]>().notNull().default([]),
    /** Observation[] of @concord/agreement. */
    observations: jsonb('observations').notNull(),
    /** PreferenceSignals of @concord/agreement, or null. */
    signals: jsonb('signals'),
    /** Share of the gold answer's fields matched (0-1), null when the item has no gold answer. */
    goldScore: doublePrecision('gold_score'),
    /** Per gold field: matched share. */
    goldFields: jsonb('gold_fields'),
    /** Seconds of work (lease held), null when unknown. */
    seconds: doublePrecision('seconds'),
    configVersion: integer('config_version').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('observations_project_time_idx').on(t.projectId, t.submittedAt),
    index('observations_project_user_idx').on(t.projectId, t.userId),
    index('observations_item_idx').on(t.itemId),
  ],
);

/** Corrective training: an annotator below a threshold on a slice. At most one open flag per (project, user, slice, reason). */
export const qualityFlags = pgTable(
  'quality_flags',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** An item tag, or `*` for the whole project. */
    slice: text('slice').notNull(),
    reason: text('reason', { enum: ['agreement', 'gold_accuracy'] }).notNull(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    units: integer('units').notNull(),
    state: text('state', { enum: ['open', 'cleared'] }).notNull(),
    raisedAt: createdAt(),
    clearedAt: timestamp('cleared_at', { withTimezone: true, mode: 'date' }),
    clearedBy: text('cleared_by').references(() => users.id, { onDelete: 'set null' }),
    clearedBySession: text('cleared_by_session'),
    clearNote: text('clear_note'),
  },
  (t) => [
    uniqueIndex('quality_flags_open_key').on(t.projectId, t.userId, t.slice, t.reason).where(sql`state = 'open'`),
    index('quality_flags_project_idx').on(t.projectId, t.state, t.raisedAt),
  ],
);

/** A live calibration session run by a trainer over a set of items (usually gold). */
export const calibrationSessions = pgTable(
  'calibration_sessions',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    trainerId: text('trainer_id').references(() => users.id, { onDelete: 'set null' }),
    state: text('state', { enum: ['draft', 'live', 'ended'] }).notNull(),
    itemIds: jsonb('item_ids').$type<string[]>().notNull(),
    currentIndex: integer('current_index').notNull().default(0),
    revealed: boolean('revealed').notNull().default(false),
    /** Accuracy against gold (or agreement without gold) a participant needs to pass. */
    passThreshold: doublePrecision('pass_threshold').notNull(),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('calibration_sessions_project_idx').on(t.projectId, t.createdAt)],
);

/** Who takes part in a session, and their result once it ended (CalibrationResult of @concord/protocol). */
export const calibrationParticipants = pgTable(
  'calibration_participants',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    result: jsonb('result'),
    invitedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('calibration_participants_user_idx').on(t.userId)],
);

/** One participant's blind answer on one session item (a `calibration` document) and when it was submitted. */
export const calibrationAnswers = pgTable(
  'calibration_answers',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.itemId, t.userId] })],
);

/** Per session item: its shared discussion notes document and the read-only rendering of its gold answer. */
export const calibrationItems = pgTable(
  'calibration_items',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    notesDocumentId: text('notes_document_id').references(() => documents.id, { onDelete: 'set null' }),
    goldDocumentId: text('gold_document_id').references(() => documents.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.itemId] })],
);

/** One export run: what was asked, progress, the files written (with hashes) and why it failed, if it did. */
export const exports = pgTable(
  'exports',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    format: text('format').notNull(),
    /** The ExportRequest of @concord/protocol, as parsed. */
    request: jsonb('request').notNull(),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    itemsTotal: integer('items_total').notNull().default(0),
    itemsDone: integer('items_done').notNull().default(0),
    rows: integer('rows').notNull().default(0),
    /** The first skipped items `{ itemId, reason }[]`. */
    skipped: jsonb('skipped').$type<{ itemId: string; reason: string }[]>().notNull().default([]),
    /** Every file written `{ path, bytes, sha256 }[]` (the dataset card's manifest). */
    files: jsonb('files').$type<{ path: string; bytes: number; sha256: string }[]>().notNull().default([]),
    /** Where the export's folder lives in the data directory (server-made, never user input). */
    storageKey: text('storage_key').notNull(),
    failure: text('failure'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('exports_project_idx').on(t.projectId, t.createdAt)],
);

/** Which items an export contained, so erasing an item lists the exports to regenerate (GDPR Art. 17). */
export const exportItems = pgTable(
  'export_items',
  {
    exportId: text('export_id')
      .notNull()
      .references(() => exports.id, { onDelete: 'cascade' }),
    /** Kept without a foreign key: the row must outlive the item's erasure. */
    itemId: text('item_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.exportId, t.itemId] }), index('export_items_item_idx').on(t.itemId)],
);

/**
 * A project's export key: the HMAC secret behind the pseudonymous annotator ids of its exports
 * (exports/SPEC.md X6). Generated on the first export; whoever holds it can re-identify annotators.
 */
export const exportKeys = pgTable('export_keys', {
  projectId: text('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  /** 32 random bytes, hex. */
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});
