/**
 * The seed of one annotator's response order on one document (`displayOrder(ids, seed)`): the user id
 * followed by the document id, so the order is stable across reloads and differs between people.
 */
export function displaySeed(userId: string, documentId: string): string {
  return userId + documentId;
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
