import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * What one instance tells the others about a document it has loaded. An update carries the seq
 * range the store gave it, so a receiver can tell a lost message from one still in flight [I3].
 */
export type FanoutMessage =
  | { kind: 'update'; instanceId: string; payload: Uint8Array; firstSeq: number; lastSeq: number }
  | { kind: 'awareness'; instanceId: string; payload: Uint8Array };

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
  if (message.kind === 'update') {
    encoding.writeVarUint(encoder, message.firstSeq);
    encoding.writeVarUint(encoder, message.lastSeq);
  }
  return encoding.toUint8Array(encoder);
}

/** Null for anything that is not a well-formed fan-out message (an update needs 1 ≤ firstSeq ≤ lastSeq). */
export function decodeFanout(data: Uint8Array): FanoutMessage | null {
  try {
    const decoder = decoding.createDecoder(data);
    const kind = kinds[decoding.readVarUint(decoder)];
    const instanceId = decoding.readVarString(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (kind === 'awareness') return decoding.hasContent(decoder) ? null : { kind, instanceId, payload };
    if (kind !== 'update') return null;
    const firstSeq = decoding.readVarUint(decoder);
    const lastSeq = decoding.readVarUint(decoder);
    const valid = Number.isSafeInteger(lastSeq) && firstSeq >= 1 && lastSeq >= firstSeq && !decoding.hasContent(decoder);
    return valid ? { kind, instanceId, payload, firstSeq, lastSeq } : null;
  } catch {
    return null;
  }
}
