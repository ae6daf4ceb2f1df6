import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** What one instance tells the others about a document it has loaded. */
export interface FanoutMessage {
  kind: 'update' | 'awareness';
  instanceId: string;
  payload: Uint8Array;
}

const kinds = ['update', 'awareness'] as const;

/** Pub/sub channel of a document (ids are validated before they get here). */
export function documentChannel(documentId: string): string {
  return `doc:${documentId}`;
}

export function encodeFanout(message: FanoutMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kinds.indexOf(message.kind));
  encoding.writeVarString(encoder, message.instanceId);
  encoding.writeVarUint8Array(encoder, message.payload);
  return encoding.toUint8Array(encoder);
}

/** Null for anything that is not a well-formed fan-out message. */
export function decodeFanout(data: Uint8Array): FanoutMessage | null {
  try {
    const decoder = decoding.createDecoder(data);
    const kind = kinds[decoding.readVarUint(decoder)];
    const instanceId = decoding.readVarString(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (!kind || decoding.hasContent(decoder)) return null;
    return { kind, instanceId, payload };
  } catch {
    return null;
  }
}
