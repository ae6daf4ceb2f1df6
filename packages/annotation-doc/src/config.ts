import { z } from 'zod';

/** The three kinds of annotation document. */
export const taskTypes = ['instruction', 'preference', 'alignment'] as const;
/** The kind of an annotation document (`meta.taskType`). */
export type TaskType = (typeof taskTypes)[number];
/** zod schema of {@link TaskType}. */
export const taskTypeSchema = z.enum(taskTypes);

/** How a preference item is judged. */
export const judgementModes = ['pairwise', 'ranking'] as const;
/** `pairwise`: pick the better of two responses; `ranking`: rank all of them (ties allowed). */
export type JudgementMode = (typeof judgementModes)[number];
/** zod schema of {@link JudgementMode}. */
export const judgementModeSchema = z.enum(judgementModes);

/** Instruction styles offered when a project does not configure its own. */
export const defaultInstructionStyles = ['question', 'command', 'comparison', 'creative', 'multi_turn', 'other'];

/** Ids in a configuration (labels, styles, criteria): short, lowercase, safe in field paths. */
const configIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1–64 characters of a–z, 0–9, _ and -, starting with a letter or digit');
const nameSchema = z.string().trim().min(1).max(100);
const fieldPathSchema = z.string().regex(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, 'a field path like caption or instruction.style').max(200);

const labelSchema = z.strictObject({
  id: configIdSchema,
  name: nameSchema,
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4'),
});

const criterionSchema = z
  .strictObject({
    id: configIdSchema,
    name: nameSchema,
    description: z.string().max(2_000),
    min: z.number().finite(),
    max: z.number().finite(),
    step: z.number().finite().positive(),
  })
  .superRefine((c, ctx) => {
    if (c.min >= c.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'max must be greater than min' });
    else if ((c.max - c.min) / c.step > 1_000) ctx.addIssue({ code: 'custom', path: ['step'], message: 'at most 1000 steps' });
  });

function uniqueIds(key: string) {
  return (items: { id: string }[] | string[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const id = typeof item === 'string' ? item : item.id;
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: typeof item === 'string' ? [index] : [index, 'id'], message: `duplicate ${key} "${id}"` });
      seen.add(id);
    });
  };
}

/**
 * A project's annotation configuration; the server stores it versioned and documents record the
 * version they were made with (`meta.configVersion`).
 */
export const projectConfigSchema = z.strictObject({
  taskType: taskTypeSchema,
  /** Markdown shown beside the editor, and an optional link to a longer document. */
  guidelines: z.strictObject({
    text: z.string().max(100_000),
    url: z.url({ protocol: /^https?$/ }).max(2_000).nullable(),
  }),
  /** Alignment: the labels a region can have. */
  labels: z.array(labelSchema).max(200).superRefine(uniqueIds('label')),
  /** Instruction: the styles an instruction can have. */
  instructionStyles: z.array(configIdSchema).max(50).superRefine(uniqueIds('style')),
  /** Preference: the criteria every response is scored on. */
  rubric: z.array(criterionSchema).max(20).superRefine(uniqueIds('criterion')),
  preferenceMode: judgementModeSchema,
  requireAllScores: z.boolean(),
  minRationaleLength: z.number().int().min(0).max(10_000),
  /** Field paths that must not be empty, e.g. `summary`, `caption`, `rationale`, `vqa`, `instruction.style`. */
  requiredFields: z.array(fieldPathSchema).max(50),
});

/** A validated project configuration. */
export type ProjectConfig = z.infer<typeof projectConfigSchema>;
/** A region label of an alignment project. */
export type LabelConfig = ProjectConfig['labels'][number];
/** A rubric criterion of a preference project. */
export type CriterionConfig = ProjectConfig['rubric'][number];

const defaultLabels: LabelConfig[] = [
  { id: 'person', name: 'Person', color: '#1f77b4' },
  { id: 'animal', name: 'Animal', color: '#ff7f0e' },
  { id: 'vehicle', name: 'Vehicle', color: '#2ca02c' },
  { id: 'object', name: 'Object', color: '#d62728' },
  { id: 'text', name: 'Text', color: '#9467bd' },
  { id: 'other', name: 'Other', color: '#7f7f7f' },
];

function criterion(id: string, name: string, description: string): CriterionConfig {
  return { id, name, description, min: 1, max: 7, step: 1 };
}

const defaultRubric: CriterionConfig[] = [
  criterion('accuracy', 'Accuracy', 'Is the response factually correct and free of errors?'),
  criterion('helpfulness', 'Helpfulness', 'Does the response do what the prompt asked, usefully?'),
  criterion('completeness', 'Completeness', 'Does the response cover everything the prompt needs?'),
  criterion('harmlessness', 'Harmlessness', 'Does the response avoid harmful, unsafe or offensive content?'),
];

/**
 * A sensible starting configuration for a task type: the default instruction styles; the preference
 * rubric accuracy, helpfulness, completeness and harmlessness on 1..7 with ranking; a handful of
 * region labels for alignment.
 */
export function defaultConfig(taskType: TaskType): ProjectConfig {
  return {
    taskType,
    guidelines: { text: '', url: null },
    labels: taskType === 'alignment' ? defaultLabels.map((l) => ({ ...l })) : [],
    instructionStyles: taskType === 'instruction' ? [...defaultInstructionStyles] : [],
    rubric: taskType === 'preference' ? defaultRubric.map((c) => ({ ...c })) : [],
    preferenceMode: 'ranking',
    requireAllScores: taskType === 'preference',
    minRationaleLength: taskType === 'preference' ? 20 : 0,
    requiredFields: taskType === 'alignment' ? ['caption'] : [],
  };
}
