import type { FieldProvenance, Problem, ProjectConfig, TaskType } from '@concord/annotation-doc';
import type { ProjectRole } from '@concord/protocol';

/** Shapes of the REST API's JSON bodies (see apps/server/src/http/*.ts). */

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  canCreateProjects: boolean;
  disabled: boolean;
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
}
