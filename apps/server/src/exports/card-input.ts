import { calibrationParticipants, calibrationSessions, exportItems, items, projects, reviews, type Db } from '@concord/db';
import { splits, type DatasetCardInput, type FormatId, type QualityEntry, type Split } from '@concord/exporters';
import { workflowSettingsSchema, type CalibrationResult, type ExportFileEntry, type ExportRequest, type MetricName, type QualityReport, type SliceAgreement, type WorkflowSettings } from '@concord/protocol';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { QualityReports } from '../quality/report-service.ts';
import type { CollectedCounts } from './card-collector.ts';
import { rowAgreementMetric } from './row-agreement.ts';

/** The printed units of a metric (the card's Quality table). */
const unitsOf: Record<MetricName, string> = {
  cohen_kappa: 'kappa',
  weighted_kappa_linear: 'kappa',
  weighted_kappa_quadratic: 'kappa',
  fleiss_kappa: 'kappa',
  alpha_nominal: 'alpha',
  alpha_ordinal: 'alpha',
  alpha_interval: 'alpha',
  alpha_ratio: 'alpha',
  kendall_tau_b: 'tau-b',
  kendall_w: 'W',
  box_f1: 'F1',
  mean_iou: 'IoU',
  text_similarity: 'share',
  chrf: 'chrF',
  gold_accuracy: 'share',
  percent_agreement: 'share',
};

/** The slice name the card prints for the report's `*` (all items). */
export const allItemsSlice = 'all items';

/** [X15] The headline agreement of every slice of the quality report, as it holds it (no rounding). */
export function qualityEntries(report: Pick<QualityReport, 'overall' | 'slices'>): QualityEntry[] {
  const entry = (s: SliceAgreement): QualityEntry => ({
    slice: s.slice === '*' ? allItemsSlice : s.slice,
    metric: s.headline.metric,
    value: s.headline.value,
    ci: s.headline.ci,
    units: unitsOf[s.headline.metric],
  });
  return [entry(report.overall), ...report.slices.map(entry)];
}

/** [X13] Workflow stages in order, from the project's workflow settings. */
export function stagesOf(settings: WorkflowSettings): string[] {
  const stages = ['annotate'];
  if (settings.review) stages.push('review');
  const disputes = settings.labeling === 'blind' && settings.overlap > 1;
  if (settings.qaSamplePercent > 0) stages.push(`qa (${settings.qaSamplePercent}% sample${disputes ? ' and disputed items' : ''})`);
  else if (disputes) stages.push('qa (disputed items)');
  if (settings.managerAcceptance) stages.push('manager acceptance');
  return stages;
}

async function calibrationOf(db: Db, projectId: string): Promise<DatasetCardInput['calibration']> {
  const sessions = await db.select({ id: calibrationSessions.id, passThreshold: calibrationSessions.passThreshold }).from(calibrationSessions).where(eq(calibrationSessions.projectId, projectId));
  if (sessions.length === 0) return null;
  const people = await db
    .select({ userId: calibrationParticipants.userId, result: calibrationParticipants.result })
    .from(calibrationParticipants)
    .where(inArray(calibrationParticipants.sessionId, sessions.map((s) => s.id)));
  const participants = new Set(people.map((p) => p.userId));
  const qualified = new Set(people.filter((p) => (p.result as CalibrationResult | null)?.passed === true).map((p) => p.userId));
  const thresholds = [...new Set(sessions.map((s) => s.passThreshold))].sort((a, b) => a - b);
  return { sessions: sessions.length, participants: participants.size, qualified: qualified.size, note: `pass threshold ${thresholds.join(', ')} (accuracy against gold, or agreement without gold)` };
}

/** [X13] Reviewed exported items, and those whose annotation a reviewer edited before deciding. */
async function reviewOverrides(db: Db, exportId: string): Promise<{ reviewed: number; overridden: number }> {
  const [row] = await db
    .select({
      reviewed: sql<number>`count(distinct ${reviews.itemId})`,
      overridden: sql<number>`count(distinct ${reviews.itemId}) filter (where ${reviews.edited})`,
    })
    .from(reviews)
    .innerJoin(exportItems, and(eq(exportItems.itemId, reviews.itemId), eq(exportItems.exportId, exportId)));
  return { reviewed: Number(row?.reviewed ?? 0), overridden: Number(row?.overridden ?? 0) };
}

/** What the export run knows when every file but the README is written. */
export interface CardRun {
  db: Db;
  quality: QualityReports;
  exportId: string;
  projectId: string;
  request: ExportRequest;
  /** The collector's counts with the items the format skipped taken out. */
  counts: CollectedCounts;
  rowsBySplit: Record<Split, number>;
  /** Every file written so far (media included), in the job's order. */
  files: ExportFileEntry[];
  /** Items with no readable annotation (not handed to the format). */
  notBuilt: number;
  /** Items the format could not write, and its problem lines in all. */
  formatSkipped: { items: number; lines: number };
}

/**
 * [X13]–[X15] Gathers the dataset card of an export: the project (name, description, task type,
 * workflow settings), the counts streamed by the collector, the calibration sessions, the project's
 * quality report (the same service and numbers as `GET /projects/{id}/quality`), review overrides of
 * the exported items, known gaps and the personal-data note.
 * @example const input = await gatherCardInput({ db, quality, exportId, projectId, request, counts, rowsBySplit, files, notBuilt: 0, formatSkipped: { items: 0, lines: 0 } });
 */
export async function gatherCardInput(run: CardRun): Promise<DatasetCardInput> {
  const { db, projectId, counts } = run;
  const [project] = await db.select({ name: projects.name, description: projects.description, taskType: projects.taskType, workflow: projects.workflow }).from(projects).where(eq(projects.id, projectId));
  if (!project) throw new Error(`project ${projectId} is gone`);
  const settings = workflowSettingsSchema.parse(project.workflow ?? {});
  const report = await run.quality.report(projectId);
  const quality = qualityEntries(report);
  const [erased] = await db.select({ n: sql<number>`count(*)` }).from(items).where(and(eq(items.projectId, projectId), isNotNull(items.erasedAt)));
  const overrides = await reviewOverrides(db, run.exportId);
  const gold = report.overall.gold;

  const gaps: string[] = [
    'No license, language or source-dataset settings exist in Concord yet: the license is given as `other`, the languages are not stated, the language creators are given as `found` and the source as `original`.',
    `The quality numbers are the project's quality report over ${report.window.from} to ${report.window.to} (the dashboard's window, every observed submission of the project), not only the exported items.`,
  ];
  if (run.notBuilt > 0) gaps.push(`${run.notBuilt} selected item(s) were left out: they have no annotation document.`);
  if (run.formatSkipped.items > 0) {
    gaps.push(`${run.formatSkipped.items} item(s) could not be written in the ${run.request.format} format (${run.formatSkipped.lines} reason line(s) on the export job); annotation type counts and the provenance mix still include them.`);
  }
  const measured = new Set(quality.filter((q) => q.value !== null).map((q) => q.slice));
  const unmeasured = [...counts.slices.keys()].filter((s) => !measured.has(s)).sort();
  if (unmeasured.length > 0) gaps.push(`No agreement was measured on the slice(s) ${unmeasured.join(', ')} (fewer than two annotations per item, or no variance).`);
  if (Number(erased?.n ?? 0) > 0) gaps.push(`${Number(erased?.n)} item(s) of the project were erased on request (personal data) and are not exported.`);
  if (counts.mediaWithoutFile > 0) {
    gaps.push(`${counts.mediaWithoutFile} media reference(s) have neither a copied file nor an embedded data URL (audio, or images over 256 KiB, with media: url); they are referred to by their media id only.`);
  }
  if (counts.withoutAgreement > 0) {
    gaps.push(`${counts.withoutAgreement} exported item(s) have no row agreement (\`agreement\` null): fewer than two observed submissions, or none on a compared field. Row agreement is the ${rowAgreementMetric} of the item's submissions.`);
  }

  const ann = settings.labeling === 'blind' ? 'blind' : 'collaborative';
  return {
    projectName: project.name,
    description: project.description.trim() !== '' ? project.description : `Annotations of the Concord project “${project.name}” (${project.taskType} items), exported for model training.`,
    taskType: project.taskType,
    format: run.request.format as FormatId,
    hasImages: counts.hasImages,
    annotationsCreator: 'expert-generated',
    languageCreators: ['found'],
    languages: [],
    license: 'other',
    sourceDatasets: ['original'],
    splits: splits.map((split) => ({ split, items: counts.itemsBySplit[split], rows: run.rowsBySplit[split] })).filter((s) => s.items > 0 || s.rows > 0),
    slices: [...counts.slices].sort(([a], [b]) => a.localeCompare(b)).map(([name, count]) => ({ name, count })),
    types: counts.types,
    workflow: {
      stages: stagesOf(settings),
      overlap: settings.overlap,
      mode: ann,
      guidelineVersions: [...counts.guidelines.values()],
      configVersions: counts.configVersions,
      annotatorCount: counts.annotatorCount,
    },
    calibration: await calibrationOf(db, projectId),
    quality,
    goldAccuracy: gold ? { value: gold.value, of: gold.units } : null,
    reviewOverrideRate: overrides.reviewed === 0 ? null : { value: overrides.overridden / overrides.reviewed, of: overrides.reviewed },
    provenanceMix: counts.provenanceMix,
    knownGaps: gaps,
    personalData: [
      'Annotator ids in the rows are pseudonyms (`ann_…`, an HMAC of the user id under this project’s export key): the same person has the same pseudonym in every export of this project; re-identifying them needs the key, which only an operator can read.',
      'Free-text fields (prompts, responses, turns, captions, rationales) are exported as written by the source data and the annotators and may contain personal data; they were not screened.',
      'Media were not screened for faces, names or other personal data.',
    ].join('\n\n'),
    files: run.files.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 })),
  };
}
