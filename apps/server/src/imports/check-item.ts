import { initDocument, itemSeedSchema, prelabelSchema, type ItemSeed, type LabelConfig, type Prelabel } from '@concord/annotation-doc';
import { namedDoc } from '../rooms/named-doc.ts';
import type { ImportContext, ItemParts } from './draft.ts';
import { zodProblems, type Problem } from './problems.ts';

/** An item ready for ItemService: seed and pre-labels checked by the package schemas and against the project. */
export interface CheckedItem {
  seed: ItemSeed;
  prelabel: Prelabel | null;
  gold: Prelabel | null;
}

/** Seed paths named as the file names them (`turns` is the file's `conversation`, `modelId` its `model`). */
function filePath(path: string): string {
  return path
    .replace(/^turns\b/, 'conversation')
    .replace(/^(responses\.\d+\.)modelId$/, '$1model')
    .replace(/^image\..*$/, 'image')
    .replace(/^media\.(\d+)\..*$/, 'media.$1.src');
}

/**
 * A label as the project knows it: its id, matched by id or (case-insensitively) by id or name, so
 * Label Studio's "Bus" finds the label `bus`. Projects without labels accept any label.
 */
export function labelMatcher(labels: readonly LabelConfig[]): (label: string) => string | null {
  if (labels.length === 0) return (label) => label;
  const byKey = new Map<string, string>();
  for (const l of labels) {
    byKey.set(l.name.toLowerCase(), l.id);
    byKey.set(l.id.toLowerCase(), l.id);
  }
  return (label) => (labels.some((l) => l.id === label) ? label : (byKey.get(label.trim().toLowerCase()) ?? null));
}

function checkPrelabel(raw: unknown, path: string, seed: ItemSeed, context: ImportContext, problems: Problem[]): Prelabel | null {
  if (raw === null || raw === undefined) return null;
  const parsed = prelabelSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, path));
    return null;
  }
  const prelabel = parsed.data;
  if (prelabel.regions) {
    const match = labelMatcher(context.config.labels);
    const known = context.config.labels.map((l) => l.id).join(', ');
    prelabel.regions = prelabel.regions.map((region, i) => {
      const label = match(region.label);
      if (label === null) problems.push({ path: `${path}.regions.${i}.label`, message: `"${region.label}" is not a label of this project (labels: ${known})` });
      return { ...region, label: label ?? region.label };
    });
  }
  if (problems.length > 0) return null;
  // The package refuses pre-labels that do not fit their item (a choice of response 5 of 3, a link to
  // an undefined region, a span outside the caption); writing one into a scratch document finds out.
  const scratch = namedDoc('import check');
  try {
    initDocument(scratch, { taskType: context.taskType, itemId: 'import-check', configVersion: 1, seed, prelabel });
  } catch (error) {
    problems.push({ path, message: error instanceof Error ? error.message : String(error) });
    return null;
  } finally {
    scratch.destroy();
  }
  return prelabel;
}

/**
 * Checks what a record built: the seed against `itemSeedSchema` (with file paths in the problems),
 * pre-label and gold against `prelabelSchema`, region labels against the project's labels, and both
 * against the seed (by writing them into a scratch document).
 */
export function checkItem(parts: ItemParts, context: ImportContext): CheckedItem | Problem[] {
  const seedResult = itemSeedSchema.safeParse(parts.seed);
  if (!seedResult.success) return zodProblems(seedResult.error).map((p) => ({ ...p, path: filePath(p.path) }));
  const seed = seedResult.data;
  if (seed.taskType !== context.taskType) return [{ path: '', message: `a ${seed.taskType} item cannot go into a ${context.taskType} project` }];
  const problems: Problem[] = [];
  const prelabel = checkPrelabel(parts.prelabel, 'prelabel', seed, context, problems);
  const gold = checkPrelabel(parts.gold, 'gold', seed, context, problems);
  return problems.length > 0 ? problems : { seed, prelabel, gold };
}
