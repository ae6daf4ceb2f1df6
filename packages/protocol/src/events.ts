import type { ProjectRole } from './roles.ts';
import type { ExportProgress } from './exports.ts';
import type { CalibrationEvent, QualityFlagEvent } from './quality.ts';
import type { DisputeEvent, ItemStateChange, QueueCounts, WorkReturned } from './workflow.ts';

/** One person online in a project, as shown to the other members. */
export interface PresenceEntry {
  /** The socket.io connection, unique per browser tab. */
  connectionId: string;
  userId: string;
  name: string;
  /** The document the user has open, if any. */
  documentId: string | null;
  /** Epoch milliseconds of the last heartbeat. */
  seenAt: number;
}

export interface ProjectPresence {
  projectId: string;
  online: PresenceEntry[];
}

/** How far an import of a project has got; sent to the project's members after every batch and at the end. */
export interface ImportProgress {
  importId: string;
  projectId: string;
  status: 'running' | 'done' | 'failed';
  /** Records read so far (non-blank lines or tasks): created + skipped + failed. */
  linesDone: number;
  created: number;
  /** Already there (same external id): a re-import creates nothing new. */
  skipped: number;
  failed: number;
}

/** Acknowledgement of a client request: either ok with data, or an error a user can read. */
export type Ack<T = undefined> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/**
 * Events the server sends. A payload never changes shape: a new shape gets a new event name.
 */
export interface ServerToClientEvents {
  'presence:update': (presence: ProjectPresence) => void;
  /** The user was added to a project or their role changed. */
  'membership:added': (membership: { projectId: string; role: ProjectRole }) => void;
  /** The user lost access to a project; the client should leave its pages. */
  'membership:removed': (membership: { projectId: string }) => void;
  /** An import of the project made progress, finished or failed (`GET /api/v1/imports/{id}` has the errors). */
  'import:progress': (progress: ImportProgress) => void;
  /** Items per state changed (after every workflow transition of the project). */
  'work:counts': (counts: QueueCounts) => void;
  /** An item moved to another workflow state. */
  'item:state': (change: ItemStateChange) => void;
  /** An item moved, without its state: to every member (annotators never see item states, workflow SPEC W20). */
  'item:changed': (change: { projectId: string; itemId: string }) => void;
  /** Sent to one annotator: a reviewer or QA lead returned their work. */
  'work:returned': (returned: WorkReturned) => void;
  /** An annotation was submitted and waits for a reviewer. */
  'review:requested': (request: { projectId: string; itemId: string; assignmentId: string }) => void;
  'dispute:opened': (dispute: DisputeEvent) => void;
  'dispute:resolved': (dispute: DisputeEvent) => void;
  /** A flag was raised or cleared; sent to each member who may read quality (never to annotators). */
  'quality:flag': (event: QualityFlagEvent) => void;
  /** A calibration session changed; sent to its trainer and participants. */
  'calibration:changed': (event: CalibrationEvent) => void;
  /** An export advanced or ended; sent to the user who started it. */
  'export:progress': (progress: ExportProgress) => void;
}

/** Events the client sends; every one is authorised against the caller's project role. */
export interface ClientToServerEvents {
  /** Join a project's presence, optionally on one document. Acks the current presence. */
  'presence:join': (
    request: { projectId: string; documentId?: string | null },
    ack: (result: Ack<ProjectPresence>) => void,
  ) => void;
  /** Leave a project's presence. */
  'presence:leave': (request: { projectId: string }, ack?: (result: Ack) => void) => void;
}

/** Shape of the socket.io handshake `auth` field. */
export interface SocketAuth {
  token: string;
}
