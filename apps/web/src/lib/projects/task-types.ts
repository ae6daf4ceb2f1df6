import type { TaskType } from '@concord/annotation-doc';

/** How each task type is named and explained in one line, in the order they are offered. */
export const taskTypeInfo: readonly { type: TaskType; name: string; short: string; explanation: string }[] = [
  {
    type: 'alignment',
    name: 'Vision-language alignment',
    short: 'Alignment',
    explanation: 'Draw regions on images, write captions and link their words to regions; visual Q&A.',
  },
  {
    type: 'instruction',
    name: 'Instruction tuning',
    short: 'Instruction',
    explanation: 'Write and correct prompt–response conversations, with images or audio transcripts.',
  },
  {
    type: 'preference',
    name: 'RLHF preference',
    short: 'Preference',
    explanation: 'Compare model responses: pick or rank them, score them on a rubric and explain why.',
  },
];

/** The display name of a task type ("Instruction tuning" …); unknown values are shown as they are. */
export function taskTypeName(type: TaskType | string | undefined): string {
  return taskTypeInfo.find((t) => t.type === type)?.name ?? String(type ?? 'Unknown task type');
}
