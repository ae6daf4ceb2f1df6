import type { TaskType } from '../config.ts';

/** One path segment naming a record by its id. */
const id = '[^.]+';

/**
 * [C1] The field paths of each task type, in the grammar `validate` and `provenanceOf` use (records by
 * id). A path names a field, a record (`regions.<id>`) or a whole group (`regions`, `judgement`).
 */
const grammar: Record<TaskType, RegExp> = {
  instruction: new RegExp(
    `^(media|summary|instruction(\\.style)?|turns(\\.${id}(\\.(role|text))?)?|transcript(\\.${id}(\\.(start|end|speaker|text))?)?)$`,
  ),
  preference: new RegExp(
    `^(prompt(\\.(text|media))?|responses(\\.${id}(\\.text)?)?|judgement(\\.(mode|choice|strength|ranking))?|scores(\\.[^.:]+:[^.]+)?|rationale|quotes(\\.${id})?)$`,
  ),
  alignment: new RegExp(
    `^(image|caption|regions(\\.${id}(\\.(label|shape))?)?|links(\\.${id})?|vqa(\\.${id}(\\.(question|answer|evidence))?)?|descriptions(\\.${id}(\\.(regionId|text))?)?)$`,
  ),
};

/** Whether `path` names a field, record or group that documents of `taskType` have. */
export function isFieldPath(taskType: TaskType, path: string): boolean {
  return grammar[taskType].test(path);
}

/** Whether `path` is `field` itself or lies inside it (`turns.<id>.text` inside `turns`). */
export function isWithin(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`);
}

/** [C3] The error for adopting the item's own content, which versions of one item share and no mutation changes. */
export function itemContentError(path: string): TypeError {
  return new TypeError(`"${path}" is the item's content, not an annotation: versions of one item share it, so it cannot be adopted`);
}

/** The parts of a record path: `turns.<id>.text` → ['turns', '<id>', 'text']. */
export function pathParts(path: string): [group: string, id: string | undefined, field: string | undefined] {
  const [group = '', id, field] = path.split('.');
  return [group, id, field];
}
