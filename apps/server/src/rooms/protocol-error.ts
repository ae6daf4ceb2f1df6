import { type CloseCode, CloseReason } from '@concord/protocol';

/** Bad input on a document socket: the connection is closed with `code`, nothing is applied. */
export class ProtocolError extends Error {
  constructor(
    readonly code: CloseCode,
    readonly detail: string,
  ) {
    super(`${CloseReason[code]}: ${detail}`);
    this.name = 'ProtocolError';
  }
}
