import { prelabelSchema, type Prelabel, type TaskType } from '@concord/annotation-doc';
import { zodProblems, type Problem } from './problems.ts';

/** The pre-label fields each task type uses, besides `model` and `prompt_version`. */
export const prelabelFields: Record<TaskType, readonly string[]> = {
  instruction: ['turns', 'style', 'transcript', 'summary'],
  preference: ['mode', 'choice', 'strength', 'ranking', 'scores', 'rationale'],
  alignment: ['caption', 'regions', 'links', 'vqa', 'descriptions'],
};

/** File keys that differ from the package's Prelabel keys (snake_case in the file, camelCase in code). */
const renamed: Record<string, string> = { model: 'modelId', prompt_version: 'promptVersion' };
const fileKeyOf: Record<string, string> = { modelId: 'model', promptVersion: 'prompt_version' };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A file's `prelabel` / `gold` object as the package's Prelabel: `model` → `modelId`,
 * `prompt_version` → `promptVersion`, only the fields of the project's task type, every value checked
 * by `prelabelSchema`. Problems carry file paths (`prelabel.model`, `gold.regions.0.shape`).
 * `defaultModel` fills a missing `model` (gold answers are usually not a model's).
 */
export function convertPrelabel(
  raw: unknown,
  options: { taskType: TaskType; path: string; defaultModel?: string },
): { prelabel: Prelabel; problems: [] } | { prelabel: null; problems: Problem[] } {
  const { taskType, path } = options;
  if (!isPlainObject(raw)) return { prelabel: null, problems: [{ path, message: 'must be an object' }] };
  const allowed = new Set(['model', 'prompt_version', ...prelabelFields[taskType]]);
  const problems: Problem[] = [];
  const value: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(raw)) {
    if (fileKeyOf[key]) problems.push({ path: `${path}.${key}`, message: `is spelled "${fileKeyOf[key]}" in import files` });
    else if (!allowed.has(key)) {
      problems.push({ path: `${path}.${key}`, message: `is not a field of a ${taskType} pre-label (fields: ${[...allowed].join(', ')})` });
    } else value[renamed[key] ?? key] = field;
  }
  if (value.modelId === undefined) {
    if (options.defaultModel) value.modelId = options.defaultModel;
    else problems.push({ path: `${path}.model`, message: 'is required: the id of the model that made this pre-label' });
  }
  if (problems.length > 0) return { prelabel: null, problems };
  const parsed = prelabelSchema.safeParse(value);
  if (!parsed.success) {
    const renamedBack = zodProblems(parsed.error).map((p) => {
      const [head, ...rest] = p.path.split('.');
      return { path: [path, fileKeyOf[head ?? ''] ?? head, ...rest].filter(Boolean).join('.'), message: p.message };
    });
    return { prelabel: null, problems: renamedBack };
  }
  return { prelabel: parsed.data, problems: [] };
}
