import type { FieldProvenance } from '@concord/annotation-doc';

/** What a provenance badge says: short text, the longer wording for titles and screen readers. */
export interface ProvenanceLabel {
  kind: 'model_generated' | 'model_then_human_edited' | 'source';
  text: string;
  description: string;
}

/**
 * The badge for a field's provenance, or null when nothing needs saying (people wrote it, or it is
 * empty). A model's text shows as "model" until a person edits it, then as "model · edited".
 *
 * @example provenanceLabel({ kind: 'model_generated', modelId: 'gpt-x' })?.text // 'model'
 */
export function provenanceLabel(provenance: FieldProvenance | undefined): ProvenanceLabel | null {
  if (provenance === undefined) return null;
  switch (provenance.kind) {
    case 'human_written':
    case 'empty':
      return null;
    case 'source':
      return { kind: 'source', text: 'item', description: 'From the imported item' };
    case 'model_generated': {
      const version = provenance.promptVersion ? ` (prompt ${provenance.promptVersion})` : '';
      return { kind: 'model_generated', text: 'model', description: `Written by the model ${provenance.modelId}${version}, not edited yet` };
    }
    case 'model_then_human_edited': {
      const share = Math.round(Math.min(1, Math.max(0, provenance.humanShare)) * 100);
      return {
        kind: 'model_then_human_edited',
        text: 'model · edited',
        description: `Written by the model ${provenance.modelId}, then edited by people (${share}% changed)`,
      };
    }
  }
}
