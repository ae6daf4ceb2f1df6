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
