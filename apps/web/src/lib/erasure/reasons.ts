import { referencePattern, type ErasureReason } from '@concord/protocol';

export { erasureReasons, type ErasureReason } from '@concord/protocol';

/** Each reason as people read it. */
export const erasureReasonLabels: Record<ErasureReason, string> = {
  data_subject_request: 'Request by the data subject (Art. 17(1))',
  consent_withdrawn: 'Consent withdrawn',
  unlawful_processing: 'Processed unlawfully',
  legal_obligation: 'Legal obligation to erase',
  other: 'Other (see the case reference)',
};

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
