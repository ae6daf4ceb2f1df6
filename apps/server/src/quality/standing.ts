import { annotatorStanding } from '@concord/agreement';
import type { MetricValue, QualitySettings } from '@concord/protocol';
import type { DbOrTx } from '../audit/types.ts';
import type { ProjectWorkflow } from '../workflow/context.ts';
import type { Outbox } from '../workflow/outbox.ts';
import { raiseFlag, type FlagInput } from './flags.ts';
import { loadSubmissions, qualityWindow } from './submissions.ts';

/** One annotator's numbers on one slice, as flags read them. */
export interface SliceStanding {
  slice: string;
  agreement: MetricValue;
  gold: MetricValue | null;
}

/**
 * The flags a standing calls for [F1]: a defined number below its threshold on at least `minUnits`
 * units; an undefined number (null) never flags.
 * @example flagsFor({ slice: '*', agreement, gold: null }, settings) // [{ reason: 'agreement', ... }] when agreement.value < 0.75 on ≥ 10 units
 */
export function flagsFor(standing: SliceStanding, settings: QualitySettings): Omit<FlagInput, 'projectId' | 'userId'>[] {
  const out: Omit<FlagInput, 'projectId' | 'userId'>[] = [];
  const below = (m: MetricValue | null, threshold: number): m is MetricValue & { value: number } =>
    m !== null && m.value !== null && Number.isFinite(m.value) && m.units >= settings.minUnits && m.value < threshold;
  if (below(standing.agreement, settings.agreementThreshold)) {
    const m = standing.agreement;
    out.push({ slice: standing.slice, reason: 'agreement', metric: m.metric, value: m.value, threshold: settings.agreementThreshold, units: m.units });
  }
  if (below(standing.gold, settings.goldAccuracyThreshold)) {
    const m = standing.gold;
    out.push({ slice: standing.slice, reason: 'gold_accuracy', metric: m.metric, value: m.value, threshold: settings.goldAccuracyThreshold, units: m.units });
  }
  return out;
}

/**
 * Recomputes one annotator's numbers on the given slices and `*` over the project's window [F1], from
 * the observed work on the items they annotated, and raises the flags they call for (one open flag per
 * user, slice and reason; raising is idempotent). Numbers recovering never clear a flag [F4].
 * Call in the transaction that wrote the observation, after it.
 */
export async function updateStanding(tx: DbOrTx, project: ProjectWorkflow, input: { userId: string; slices: string[] }, outbox: Outbox): Promise<void> {
  const settings = project.settings.quality;
  const now = Date.now();
  // The same window annotatorStanding applies; loading only the items this annotator did keeps it cheap.
  const { from, to } = qualityWindow({ windowDays: settings.windowDays, now });
  const { submissions, names } = await loadSubmissions(tx, { projectId: project.projectId, from, to, itemsOf: input.userId });
  const slices = ['*', ...new Set(input.slices)];
  for (const standing of annotatorStanding(submissions, { userId: input.userId, slices, settings, taskType: project.taskType, now, names })) {
    for (const flag of flagsFor(standing, settings)) {
      await raiseFlag(tx, { ...flag, projectId: project.projectId, userId: input.userId, configVersion: project.configVersion }, outbox);
    }
  }
}
