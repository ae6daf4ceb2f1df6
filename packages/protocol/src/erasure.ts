/** Why data is erased: a fixed list, so the audit entry never carries free text (server erasure/SPEC.md GD5). */
export const erasureReasons = ['data_subject_request', 'consent_withdrawn', 'unlawful_processing', 'legal_obligation', 'other'] as const;
export type ErasureReason = (typeof erasureReasons)[number];

/** A ticket or case reference: letters, digits and `._:/#-`, at most 100 characters (never a name or a sentence). */
export const referencePattern = /^[A-Za-z0-9._:/#-]{1,100}$/;

/** One past export that held erased data: regenerate it (GDPR Art. 17; server erasure/SPEC.md G7). */
export interface ErasureExport {
  id: string;
  format: string;
  /** ISO 8601. */
  createdAt: string;
}

/** What erasing an item removed, counted (never its content). */
export interface ItemErasureCounts {
  documents: number;
  documentUpdates: number;
  snapshots: number;
  assignments: number;
  observations: number;
  reviews: number;
  disputes: number;
  calibrationAnswers: number;
  media: number;
}

/** The answer of `DELETE /projects/{id}/items/{itemId}`. */
export interface ItemErasureResult {
  itemId: string;
  projectId: string;
  /** ISO 8601: when the item was erased (the first time, when it was already erased). */
  erasedAt: string;
  /** True when this call erased nothing because the item was erased before (counts are then 0). */
  alreadyErased: boolean;
  erased: ItemErasureCounts;
  /** Past exports that contained the item, newest first. */
  exports: ErasureExport[];
}

/** What erasing a person removed, counted. */
export interface PersonErasureCounts {
  /** Sign-in sessions and API tokens deleted. */
  tokens: number;
  /** Project memberships deleted. */
  memberships: number;
}

/** The answer of `POST /users/{id}/erase`. */
export interface PersonErasureResult {
  userId: string;
  erasedAt: string;
  alreadyErased: boolean;
  erased: PersonErasureCounts;
  /** Items the person contributed to (a handed-in work assignment); they stay under the pseudonymous id (G11). */
  contributedItems: number;
  /** Past exports that carry the person's pseudonym (held an item they handed work in on), newest first. */
  exports: ErasureExport[];
}
