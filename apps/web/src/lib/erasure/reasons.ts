/**
 * Why data is erased: the server's fixed list (erasure SPEC GD5), so the audit entry never holds free
 * text. The server keeps the list in `apps/server/src/erasure/tombstone.ts`; `reasons.test.ts` checks
 * that both agree.
 */
export const erasureReasons = ['data_subject_request', 'consent_withdrawn', 'unlawful_processing', 'legal_obligation', 'other'] as const;
export type ErasureReason = (typeof erasureReasons)[number];

/** Each reason as people read it. */
export const erasureReasonLabels: Record<ErasureReason, string> = {
  data_subject_request: 'Request by the data subject (Art. 17(1))',
  consent_withdrawn: 'Consent withdrawn',
  unlawful_processing: 'Processed unlawfully',
  legal_obligation: 'Legal obligation to erase',
  other: 'Other (see the case reference)',
};

/** A case reference as the server takes it (GD5): 1-100 letters, digits or `._:/#-`, never a name or a sentence. */
export const referencePattern = /^[A-Za-z0-9._:/#-]{1,100}$/;

/**
 * Why a case reference would be refused, or null when it is fine (an empty one is left out of the request).
 * @example referenceProblem('DSR-2026-0042') // null
 */
export function referenceProblem(reference: string): string | null {
  const value = reference.trim();
  if (value === '' || referencePattern.test(value)) return null;
  if (value.length > 100) return 'A case reference has at most 100 characters.';
  return 'Only letters, digits and . _ : / # - (a ticket or case number, e.g. DSR-2026-0042; no names or sentences).';
}
