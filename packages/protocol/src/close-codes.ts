/**
 * WebSocket close codes used by the Yjs endpoint. Clients stop retrying on any 44xx code:
 * those mean "this will not work by trying again" (bad token, no access, unknown document).
 */
export const CloseCode = {
  /** Normal closure. */
  normal: 1000,
  /** Server shutting down or restarting; reconnect later. */
  goingAway: 1001,
  /** Message that is not valid for the protocol (garbage, truncated, unknown type). */
  invalidPayload: 1007,
  /** A message that breaks a policy (spoofed awareness, text frame). */
  policyViolation: 1008,
  /** Frame larger than the configured limit. */
  messageTooBig: 1009,
  /** Internal error in the server. */
  internalError: 1011,
  /** The server restarts; reconnect. */
  serviceRestart: 1012,
  /** The connection could not keep up (slow reader); reconnect later. */
  tryAgainLater: 1013,
  /** No token, expired, revoked or unknown token. */
  unauthenticated: 4401,
  /** No access to the document, or it does not exist: the two are indistinguishable. */
  forbidden: 4403,
  /** Unknown route under the WebSocket endpoint. */
  notFound: 4404,
  /** Too many messages or bytes per second. */
  rateLimited: 4429,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Human-readable close reasons sent with the codes above (kept short: a close reason is at most 123 bytes). */
export const CloseReason: Record<CloseCode, string> = {
  [CloseCode.normal]: 'closed',
  [CloseCode.goingAway]: 'going away',
  [CloseCode.invalidPayload]: 'invalid message',
  [CloseCode.policyViolation]: 'policy violation',
  [CloseCode.messageTooBig]: 'message too big',
  [CloseCode.internalError]: 'internal error',
  [CloseCode.serviceRestart]: 'server restarting',
  [CloseCode.tryAgainLater]: 'connection too slow',
  [CloseCode.unauthenticated]: 'unauthenticated',
  [CloseCode.forbidden]: 'not found or no access',
  [CloseCode.notFound]: 'not found',
  [CloseCode.rateLimited]: 'rate limited',
};

/** True when a client should not reconnect after this close code. */
export function isTerminalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500;
}
