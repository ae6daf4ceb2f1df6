import { qualityReport } from '@concord/agreement';
import type { Db } from '@concord/db';
import type { QualityReport } from '@concord/protocol';
import { sql } from 'drizzle-orm';
import { loadProjectWorkflow } from '../workflow/context.ts';
import { listFlags } from './flags.ts';
import { loadSubmissions, qualityWindow } from './submissions.ts';

/** Reports over the default (sliding) window are recomputed at least this often, even with no new work. */
const slidingWindowMs = 10 * 60 * 1000;
const maxCachedProjects = 200;

interface Cached {
  key: string;
  at: number;
  report: QualityReport;
}

/**
 * What a project's report depends on, in one cheap query: the count, latest submission and gold total
 * of its observed work, the count and latest change of its flags, its settings and the latest erasure of
 * one of its annotators (their name becomes a tombstone, erasure SPEC GD11). Any instance's
 * write changes it, so the cache needs no cross-instance invalidation.
 */
async function fingerprint(db: Db, projectId: string): Promise<string> {
  const result = await db.execute(sql`
    select concat_ws('|',
      (select concat_ws(':', count(*), max(submitted_at), sum(gold_score)) from annotation_observations where project_id = ${projectId} and source = 'work'),
      (select concat_ws(':', count(*), max(greatest(created_at, cleared_at))) from quality_flags where project_id = ${projectId}),
      (select md5(workflow::text) from projects where id = ${projectId}),
      (select max(u.erased_at) from users u where u.erased_at is not null and u.id in (select user_id from annotation_observations where project_id = ${projectId}))
    ) as key`);
  // Both drivers (PGlite, node-postgres) answer with `{ rows }`.
  return (result as unknown as { rows: { key: string | null }[] }).rows[0]?.key ?? '';
}

/**
 * The quality report of a project [R1], cached per project and window: a report is recomputed only when
 * an observation, a flag or the settings changed (see {@link fingerprint}), or, for the default window
 * that slides with time, when it is older than ten minutes. The cache lives in this process; several
 * instances each keep theirs, and each notices the others' writes through the fingerprint.
 * @example const report = await createQualityReports({ db }).report(projectId, {});
 */
export function createQualityReports(deps: { db: Db; now?: () => number }) {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const cache = new Map<string, Cached>();

  async function compute(projectId: string, window: { from?: Date; to?: Date }): Promise<QualityReport> {
    const project = await loadProjectWorkflow(db, projectId);
    const settings = project.settings.quality;
    const at = now();
    const { from, to } = qualityWindow({ windowDays: settings.windowDays, ...window, now: at });
    const { submissions, names } = await loadSubmissions(db, { projectId, from, to });
    const computed = qualityReport(submissions, { taskType: project.taskType, settings, names, now: at, from: from.getTime(), to: to.getTime() });
    const flags = await listFlags(db, projectId);
    const open = flags.filter((f) => f.state === 'open');
    return {
      ...computed,
      projectId,
      annotators: computed.annotators.map((a) => ({ ...a, openFlags: open.filter((f) => f.userId === a.userId) })),
      flags,
    };
  }

  return {
    /** [R1] The report over `windowDays` up to now, or over [from, to]. */
    async report(projectId: string, window: { from?: Date; to?: Date } = {}): Promise<QualityReport> {
      const cacheKey = `${projectId}|${window.from?.toISOString() ?? ''}|${window.to?.toISOString() ?? ''}`;
      const key = await fingerprint(db, projectId);
      const hit = cache.get(cacheKey);
      const sliding = window.to === undefined;
      if (hit && hit.key === key && (!sliding || now() - hit.at < slidingWindowMs)) return hit.report;
      const report = await compute(projectId, window);
      cache.delete(cacheKey);
      cache.set(cacheKey, { key, at: now(), report });
      if (cache.size > maxCachedProjects) cache.delete(cache.keys().next().value!);
      return report;
    },
  };
}

export type QualityReports = ReturnType<typeof createQualityReports>;
