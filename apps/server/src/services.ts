import type { DbHandle } from '@concord/db';
import type { ProjectRole } from '@concord/protocol';
import type { Config } from './config.ts';
import type { Coordination } from './coordination/types.ts';
import type { ExportService } from './exports/types.ts';
import type { ImportService } from './imports/types.ts';
import type { Logger } from './log.ts';
import type { MediaLibrary } from './media/types.ts';
import type { Metrics } from './metrics/metrics.ts';
import type { Notifications } from './workflow/outbox.ts';
import type { DocumentStore } from './persistence/types.ts';

/** The authenticated caller, resolved from a bearer token on every request and socket. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  canCreateProjects: boolean;
  tokenId: string;
  tokenKind: 'session' | 'api';
}

export interface Accounts {
  /** The principal of a token, or null when it is unknown, expired, revoked or its user is disabled. */
  authenticate(token: string): Promise<Principal | null>;
}

/** A caller's standing on one document. `readOnly` connections get content and presence but cannot edit. */
export interface DocumentAccess {
  documentId: string;
  projectId: string;
  role: ProjectRole | 'admin';
  readOnly: boolean;
}

export interface Access {
  /** The caller's role in a project ('admin' for site admins), or null when not a member / no such project. */
  projectRole(principal: Principal, projectId: string): Promise<ProjectRole | 'admin' | null>;
  /** Null when the document does not exist or the caller has no access: the two are indistinguishable. */
  documentAccess(principal: Principal, documentId: string): Promise<DocumentAccess | null>;
}

/** What changed about a user's access; live sockets of that user re-check their rights when told. */
export type AccessChange =
  | { kind: 'membership'; userId: string; projectId: string; role: ProjectRole | null }
  | { kind: 'tokens'; userId: string }
  | { kind: 'user'; userId: string }
  /** The workflow changed who may read or write one document (workflow SPEC B5): its sockets re-check. */
  | { kind: 'document'; documentId: string };

export interface AccessNotifier {
  /** Tells every instance; resolves once published. */
  accessChanged(change: AccessChange): Promise<void>;
}

/** Reads a document's current content as plain JSON (from memory if loaded, else from storage). */
export interface DocumentReader {
  readJson(documentId: string): Promise<Record<string, unknown>>;
  /** The document's whole state as one Yjs update. */
  readState(documentId: string): Promise<Uint8Array>;
}

/** Everything the HTTP app and the transports need, built once in main.ts. */
export interface Services {
  config: Readonly<Config>;
  log: Logger;
  db: DbHandle;
  coordination: Coordination;
  store: DocumentStore;
  accounts: Accounts;
  access: Access;
  notifier: AccessNotifier;
  documents: DocumentReader;
  /** Uploaded and fetched images and audio (media/SPEC.md). */
  media: MediaLibrary;
  /** JSONL and Label Studio imports running in the background (imports/SPEC.md). */
  imports: ImportService;
  /** Exports running in the background (exports/SPEC.md); tests without one get a service per router. */
  exports?: ExportService;
  /** socket.io events to a project's members or one user, on every instance (workflow SPEC N1). */
  notifications: Notifications;
  /** Unique id of this server process (for pub/sub echo suppression and logs). */
  instanceId: string;
  /** This instance's Prometheus metrics (`GET /metrics`); tests without one serve no metrics route. */
  metrics?: Metrics;
}
