import { viewerSeed } from '@concord/annotation-doc';

/**
 * The seed of one annotator's response order on one document (`displayOrder(ids, seed)`); the package's
 * `viewerSeed`, which also names responses in validation messages, so both always agree.
 */
export function displaySeed(userId: string, documentId: string): string {
  return viewerSeed({ userId, documentId });
}

/**
 * The document id of a live session: the y-websocket room name is the URI-encoded document id.
 */
export function documentIdOf(session: { provider: { roomname: string } }): string {
  try {
    return decodeURIComponent(session.provider.roomname);
  } catch {
    return session.provider.roomname;
  }
}
