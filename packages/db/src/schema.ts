
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

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
  },
  (t) => [index('documents_project_idx').on(t.projectId, t.createdAt), index('documents_item_idx').on(t.itemId)],
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
  },
  (t) => [uniqueIndex('items_project_external_key').on(t.projectId, t.externalId), index('items_project_idx').on(t.projectId, t.createdAt)],
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

