import { CloseCode } from '@concord/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ProtocolError } from './protocol-error.ts';

/** y-websocket message types (y-protocols). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
/** y-protocols sync sub-types. */
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/**
 * Decodes one client frame strictly: a known type, every length within the frame, no trailing bytes.
 * Throws ProtocolError(1007) otherwise.
 */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  if (data.length === 0) throw new ProtocolError(CloseCode.invalidPayload, 'empty message');
  const decoder = decoding.createDecoder(data);
  let message: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === SyncType.step1) message = { type: 'sync-step1', stateVector: payload };
        else if (syncType === SyncType.step2) message = { type: 'sync-step2', update: payload };
        else if (syncType === SyncType.update) message = { type: 'sync-update', update: payload };
        else throw new ProtocolError(CloseCode.invalidPayload, `unknown sync message ${syncType}`);
        break;
      }
      case MessageType.awareness:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.queryAwareness:
        message = { type: 'query-awareness' };
        break;
      default:
        throw new ProtocolError(CloseCode.invalidPayload, `unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(CloseCode.invalidPayload, 'truncated or malformed message');
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError(CloseCode.invalidPayload, 'trailing bytes');
  return message;
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SyncType.step1, stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.step2, update);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.update, update);
}

export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function encodeSync(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
