// Field paths of the alignment document (annotation-doc SPEC): focus awareness, provenance and the
// problem list all name fields this way.

/** A region. */
export const regionPath = (id: string): string => `regions.${id}`;
/** A VQA pair's question, answer or evidence (by the pair's id, as `validate` and `provenanceOf` name it). */
export const vqaPath = (id: string, field: 'question' | 'answer' | 'evidence'): string => `vqa.${id}.${field}`;
/** A grounded description's text or region (by its id). */
export const descriptionPath = (id: string, field: 'text' | 'regionId' = 'text'): string => `descriptions.${id}.${field}`;

/** The region id of a region path (`regions.<id>` or `regions.<id>.<field>`), or null. */
export function regionIdOfPath(path: string): string | null {
  const match = /^regions\.([^.]+)(\..*)?$/.exec(path);
  return match?.[1] ?? null;
}
