import { viewerResponseLabels, type Viewer } from '@concord/annotation-doc';

/** How a reader names a response (by the letter they see [A6]); undefined for an unknown id. */
export type ResponseNamer = (responseId: string) => string | undefined;

const groupLabels: Record<string, string> = {
  media: 'Media',
  summary: 'Summary',
  turns: 'Turn',
  transcript: 'Transcript segment',
  instruction: 'Instruction',
  prompt: 'Prompt',
  responses: 'Response',
  judgement: 'Judgement',
  scores: 'Score',
  rationale: 'Rationale',
  quotes: 'Quote',
  image: 'Image',
  caption: 'Caption',
  regions: 'Region',
  links: 'Link',
  vqa: 'Question',
  descriptions: 'Description',
};

const fieldLabels: Record<string, string> = {
  'judgement.mode': 'Judgement mode',
  'judgement.choice': 'Better response',
  'judgement.strength': 'How much better',
  'judgement.ranking': 'Ranking',
  'instruction.style': 'Instruction style',
  'prompt.text': 'Prompt text',
  'prompt.media': 'Prompt media',
  turns: 'Order of the turns',
};

const subLabels: Record<string, string> = {
  text: 'text',
  role: 'role',
  label: 'label',
  shape: 'shape',
  question: 'question',
  answer: 'answer',
  evidence: 'evidence',
  regionId: 'region',
  start: 'start',
  end: 'end',
  speaker: 'speaker',
};

/**
 * A field path as people read it: `judgement.choice` → "Better response", `turns.t1.text` → "Turn
 * text", `scores.r1:accuracy` → "Score: accuracy". Record ids are left out (the path is shown beside).
 * @example fieldLabel('regions.r2.label') // 'Region label'
 */
export function fieldLabel(path: string): string {
  const known = fieldLabels[path];
  if (known) return known;
  const [group = '', id, field] = path.split('.');
  if (group === 'scores' && id) return `Score: ${id.slice(id.indexOf(':') + 1)}`;
  const base = groupLabels[group] ?? group;
  if (field) return `${base} ${subLabels[field] ?? field}`;
  return base;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A field's value in one line for diffs and version columns: "(empty)" for null, undefined and "";
 * quoted texts; response ids by the reader's letters; records by their text or label; else compact JSON.
 * Always plain text (rendered as text, never as HTML).
 * @example formatValue('better') // '“better”'
 */
export function formatValue(value: unknown, options: { max?: number; responseName?: ResponseNamer } = {}): string {
  const max = options.max ?? 140;
  const name = (id: string) => options.responseName?.(id);
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string') return name(value) ?? `“${shorten(value, max - 2)}”`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return shorten(value.map((v) => (typeof v === 'string' ? (name(v) ?? v) : formatValue(v, { ...options, max: 40 }))).join(', '), max);
  }
  if (isRecord(value)) {
    if (typeof value.text === 'string') return formatValue(value.text, options);
    if (typeof value.label === 'string' && value.label) return `label ${value.label}`;
    const entries = Object.entries(value);
    // Ranks by response id: "A 1, B 2" in the reader's letters.
    if (entries.length > 0 && entries.every(([k, v]) => typeof v === 'number' && name(k) !== undefined)) {
      return entries.map(([k, v]) => `${name(k) ?? k} ${String(v)}`).join(', ');
    }
    return shorten(JSON.stringify(value), max);
  }
  return shorten(String(value), max);
}

/**
 * Names responses of a preference annotation by the letters a viewer sees on a document ("response
 * B"), never by their canonical order [A6]; undefined for other task types.
 * @example formatValue(change.after, { responseName: responseNamer(content, { userId, documentId }) })
 */
export function responseNamer(content: unknown, viewer: Viewer): ResponseNamer | undefined {
  if (!isRecord(content) || content.taskType !== 'preference' || !Array.isArray(content.responses)) return undefined;
  const ids = content.responses.flatMap((r: unknown) => (isRecord(r) && typeof r.id === 'string' ? [r.id] : []));
  const letters = viewerResponseLabels(ids, viewer);
  return (id) => {
    const letter = letters.get(id);
    return letter === undefined ? undefined : `response ${letter}`;
  };
}
