// Field paths of the alignment document (annotation-doc SPEC): focus awareness, provenance and the
// problem list all name fields this way.

/** A region. */
export const regionPath = (id: string): string => `regions.${id}`;
/** A VQA pair's question or answer (pairs are named by their position, as `validate` does). */
export const vqaPath = (index: number, field: 'question' | 'answer' | 'evidence'): string => `vqa.${index}.${field}`;
/** A grounded description's text (by position, as `validate` does). */
export const descriptionPath = (index: number): string => `descriptions.${index}.text`;

/** Where provenance reports a VQA field: provenance names pairs by id, not position. */
export const vqaProvenanceKey = (id: string, field: 'question' | 'answer' | 'evidence'): string => `vqa.${id}.${field}`;
/** Where provenance reports a description's text (by id). */
export const descriptionProvenanceKey = (id: string): string => `descriptions.${id}.text`;

/** The region id of a region path (`regions.<id>` or `regions.<id>.<field>`), or null. */
export function regionIdOfPath(path: string): string | null {
  const match = /^regions\.([^.]+)(\..*)?$/.exec(path);
  return match?.[1] ?? null;
}
