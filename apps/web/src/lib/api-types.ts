import type { FieldProvenance, Problem, ProjectConfig, TaskType } from '@concord/annotation-doc';
import type { ItemState, ProjectRole } from '@concord/protocol';

/** Shapes of the REST API's JSON bodies (see apps/server/src/http/*.ts). */

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  canCreateProjects: boolean;
  disabled: boolean;
  /** When the person's data was erased (GDPR Art. 17); null otherwise. */
  erasedAt: string | null;
  createdAt: string;
}

/** The caller's role in a project; 'admin' for a site admin who is not a member. */
export type ProjectAccessRole = ProjectRole | 'admin';

export interface Project {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  role: ProjectAccessRole;
  /** Fixed at creation; decides the editor and the configuration's meaningful parts. */
  taskType: TaskType;
  /** The current configuration version. */
  configVersion: number;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: ProjectRole;
  createdAt: string;
}

export interface DocumentMeta {
  id: string;
  projectId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentWithContent extends DocumentMeta {
  content: Record<string, unknown>;
}

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: User;
}

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  isAdmin?: boolean;
  canCreateProjects?: boolean;
}

/** One saved version of a project's configuration (`GET /projects/{id}/config`). */
export interface ProjectConfigVersion {
  version: number;
  config: ProjectConfig;
  createdAt: string;
  /** The user id of who saved it (null for the implicit first version). */
  createdBy: string | null;
}

/** A configuration version in the list, without its body. */
export type ProjectConfigVersionMeta = Omit<ProjectConfigVersion, 'config'>;

/** One thing to annotate in a project, with the document it is annotated in. */
export interface Item {
  id: string;
  externalId: string;
  tags: string[];
  /** Null only while the item's document is being made. */
  documentId: string | null;
  createdAt: string;
  hasPrelabel: boolean;
  hasGold: boolean;
  title: string;
  /** Workflow state (absent from servers before the workflow). */
  state?: ItemState;
}

/** A tag of a project's items and how many items carry it. */
export interface TagCount {
  tag: string;
  count: number;
}

/** A stored image or audio file of a project (`POST /projects/{id}/media`). */
export interface MediaInfo {
  id: string;
  kind: 'image' | 'audio';
  contentType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  originalName: string | null;
}

/** The file formats an import reads. */
export type ImportFormat = 'jsonl' | 'label-studio';

/** One import run and where it stands (`POST /projects/{id}/imports`, `GET /imports/{id}`). */
export interface ImportRun {
  id: string;
  projectId?: string;
  format?: ImportFormat;
  fileName?: string | null;
  status: 'running' | 'done' | 'failed';
  linesDone: number;
  created: number;
  skipped: number;
  failed: number;
  /** The first per-line errors (line numbers start at 1). */
  errors: { line: number; message: string }[];
  /** Why the whole import failed, when it did. */
  failure?: string | null;
  createdAt?: string;
}

/** An import run in the project's list (`GET /projects/{id}/imports`): no per-line errors. */
export type ImportSummary = Omit<ImportRun, 'errors'>;

/** The socket.io `import:progress` payload. */
export type { ImportProgress } from '@concord/protocol';

/** `POST /demo`: the demo projects (one per task type) and the demo accounts, with passwords shown once. */
export interface DemoProjects {
  projects: { id: string; name: string; taskType: TaskType; created?: boolean }[];
  users?: { name: string; email: string; role: ProjectRole; password: string }[];
}

/** Who a Yjs client id of a document belongs to (`GET /documents/{id}` → `actors`). */
export type DocumentActor =
  | { kind: 'user'; userId: string; name: string }
  | { kind: 'model'; modelId: string; promptVersion?: string }
  | { kind: 'source' };

/** The item a document annotates, as the document page shows it. */
export interface DocumentItem {
  id: string;
  externalId: string;
  tags: string[];
}

/**
 * `GET /documents/{id}`: the document with its task, the configuration version it was made under, its
 * item, the server's view of its problems and provenance, and the actors behind its client ids.
 */
export interface DocumentDetail extends DocumentWithContent {
  taskType: TaskType;
  configVersion: number;
  config: ProjectConfig;
  item: DocumentItem | null;
  problems: Problem[];
  provenance: Record<string, FieldProvenance>;
  /** Keyed by Yjs client id (as a string). */
  actors: Record<string, DocumentActor>;
  /** Whether the caller may only read it (the workflow's rules, B1-B4), when the server says so. */
  readOnly?: boolean;
}
