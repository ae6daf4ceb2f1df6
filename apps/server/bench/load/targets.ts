// Issue 8's targets, each checked against the figures of this run (reported, never asserted).
import type { TargetCheck } from './report.ts';
import type { FirstSyncFigures, IdleFigures, TimedFigures } from './scenarios.ts';
import type { ServerKind } from './servers/types.ts';

type PerServer<T> = Partial<Record<ServerKind, T>>;

export interface Figures {
  timed: Partial<Record<'edits-200' | 'fanout' | 'fanout-awareness', PerServer<TimedFigures>>>;
  idle: PerServer<IdleFigures>;
  firstSync: PerServer<FirstSyncFigures>;
  twoInstances?: TimedFigures;
}

function ratioCheck(name: string, concord: number | undefined, ref: number | undefined, max: number, unit: string, digits = 2, labels = ['concord', 'reference']): TargetCheck {
  if (concord === undefined || ref === undefined) return { name, met: null, detail: 'not measured' };
  const ratio = concord / ref;
  return { name, met: ratio <= max, detail: `${ratio.toFixed(2)}x (${labels[0]} ${concord.toFixed(digits)} ${unit}, ${labels[1]} ${ref.toFixed(digits)} ${unit}; target <= ${max}x)` };
}

export function checkTargets(figures: Figures): TargetCheck[] {
  const { timed, idle, firstSync, twoInstances } = figures;
  const checks: TargetCheck[] = [
    ratioCheck('fan-out: server CPU per delivery <= 0.8x', timed.fanout?.concord?.cpuUsPerDelivery, timed.fanout?.['y-websocket']?.cpuUsPerDelivery, 0.8, 'µs'),
  ];
  for (const scenario of ['edits-200', 'fanout'] as const) {
    const c = timed[scenario]?.concord?.latencyMs;
    const r = timed[scenario]?.['y-websocket']?.latencyMs;
    checks.push(ratioCheck(`${scenario}: latency p95 <= 1.0x`, c?.p95, r?.p95, 1.0, 'ms'));
    checks.push(ratioCheck(`${scenario}: latency p99 <= 1.2x`, c?.p99, r?.p99, 1.2, 'ms'));
  }
  checks.push(ratioCheck('two instances: cross-instance p99 <= 2x single-instance (fan-out)', twoInstances?.latencyMs.p99, timed.fanout?.concord?.latencyMs.p99, 2, 'ms', 2, ['two instances', 'one instance']));
  checks.push(ratioCheck('memory per idle connection <= 1.0x', idle.concord?.kbPerConnection, idle['y-websocket']?.kbPerConnection, 1.0, 'KB', 1));
  const leave = idle.concord;
  checks.push(
    leave
      ? { name: 'memory back within 10% of idle after all clients leave', met: leave.afterLeaveGrowth <= 0.1 && leave.docsLoadedAfterLeave === 0, detail: `${(leave.afterLeaveGrowth * 100).toFixed(1)} % (${leave.rssIdleMb.toFixed(1)} → ${leave.rssAfterLeaveMb.toFixed(1)} MB), ${leave.docsLoadedAfterLeave} documents still loaded` }
      : { name: 'memory back within 10% of idle after all clients leave', met: null, detail: 'not measured' },
  );
  checks.push(ratioCheck('first sync cold <= 0.5x', firstSync.concord?.coldMs, firstSync['y-websocket']?.coldMs, 0.5, 'ms', 1));
  checks.push(ratioCheck('first sync warm <= 1.0x', firstSync.concord?.warmMs, firstSync['y-websocket']?.warmMs, 1.0, 'ms', 1));
  checks.push(ratioCheck('awareness-heavy: server CPU per delivery <= 1.0x', timed['fanout-awareness']?.concord?.cpuUsPerDelivery, timed['fanout-awareness']?.['y-websocket']?.cpuUsPerDelivery, 1.0, 'µs'));
  const runs = [...Object.entries(timed).map(([name, perServer]) => [name, perServer?.concord] as const), ['two-instances', twoInstances] as const].filter(
    (entry): entry is readonly [string, TimedFigures] => entry[1] !== undefined,
  );
  if (runs.length === 0) checks.push({ name: 'delivery ratio exactly 1.0, no gaps, no spurious reconnects', met: null, detail: 'not measured' });
  else {
    const bad = runs.filter(([, f]) => f.delivered !== f.expected || f.gaps > 0 || f.duplicates > 0 || f.closes > 0);
    checks.push({
      name: 'delivery ratio exactly 1.0, no gaps, no spurious reconnects (Concord)',
      met: bad.length === 0,
      detail: runs.map(([name, f]) => `${name} ${f.delivered}/${f.expected}, gaps ${f.gaps}, dup ${f.duplicates}, closes ${f.closes}`).join('; '),
    });
  }
  return checks;
}
