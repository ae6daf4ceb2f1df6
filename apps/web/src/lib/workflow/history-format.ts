import type { HistoryEntry, ItemState } from '@concord/protocol';
import { itemStateLabels, reasonLabel } from './labels.ts';

/** One line of an item's timeline as shown: who, what, the details that matter, when, under which configuration. */
export interface HistoryLine {
  key: string;
  at: string;
  /** The last edit of a group of edits. */
  until: string | null;
  kind: 'state' | 'decision' | 'edits' | 'other';
  action: string;
  actor: string;
  title: string;
  details: { label: string; value: string }[];
  configVersion: number | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function stateLabel(value: unknown): string {
  const state = isRecord(value) ? value.state : value;
  return typeof state === 'string' ? (itemStateLabels[state as ItemState] ?? state) : '?';
}

const titles: Record<string, string> = {
  'assignment.taken': 'took the item from the queue',
  'assignment.assigned': 'assigned the item to an annotator',
  'assignment.submitted': 'submitted an annotation',
  'assignment.released': 'gave a task back',
  'assignment.expired': 'lost a task: its lease lapsed and someone else took the slot',
  'review.claimed': 'started a review',
  'review.released': 'gave a review back',
  'review.accepted': 'accepted an annotation',
  'review.returned': 'returned an annotation to its annotator',
  'review.rejected': 'rejected the item',
  'qa.accepted': 'accepted the item in QA',
  'qa.returned': 'returned the item from QA',
  'qa.rejected': 'rejected the item in QA',
  'dispute.opened': 'opened a dispute',
  'dispute.adjudicating': 'took up the adjudication',
  'dispute.resolved': 'resolved the dispute',
  'workflow.updated': 'changed the workflow settings',
  'config.updated': 'changed the configuration',
};

const documentKinds: Record<string, string> = { copy: 'a blind copy', item: 'the item document', comments: 'the dispute comments' };

function actorName(actor: HistoryEntry['actor']): string {
  if (actor.name) return actor.kind === 'model' ? `Model ${actor.name}` : actor.name;
  return { user: 'Someone', model: 'A model', source: 'The import', system: 'Concord' }[actor.kind];
}

function details(entry: HistoryEntry): HistoryLine['details'] {
  const d = isRecord(entry.detail) ? entry.detail : {};
  const out: HistoryLine['details'] = [];
  const reason = text(d.reasonCode);
  if (reason) out.push({ label: 'Reason', value: reasonLabel(reason) });
  const comment = text(d.comment);
  if (comment) out.push({ label: 'Comment', value: comment });
  if (typeof d.edited === 'boolean' && entry.action.startsWith('review.')) out.push({ label: 'Edited by the reviewer', value: d.edited ? 'yes' : 'no' });
  if (d.method === 'pick' || d.method === 'merge') out.push({ label: 'Method', value: d.method === 'pick' ? 'one version picked' : 'merged field by field' });
  if (Array.isArray(d.reasons)) {
    const messages = d.reasons.flatMap((r: unknown) => (isRecord(r) && typeof r.message === 'string' ? [r.message] : []));
    if (messages.length > 0) out.push({ label: 'Disagreements', value: messages.join('; ') });
  }
  if (d.automatic === true) out.push({ label: 'Opened', value: 'automatically, the annotations disagree' });
  if (text(d.why) === 'validation_failed') out.push({ label: 'Why', value: 'the final annotation does not pass validation' });
  return out;
}

function line(entry: HistoryEntry, index: number): HistoryLine {
  const base = { key: `${entry.at}-${index}`, at: entry.at, until: null, action: entry.action, actor: actorName(entry.actor), configVersion: entry.configVersion };
  if (entry.kind === 'edits') {
    const where = documentKinds[String(isRecord(entry.detail) ? entry.detail.documentKind : '')] ?? 'the document';
    const last = isRecord(entry.detail) ? text(entry.detail.last) : null;
    return { ...base, until: last, kind: 'edits', title: `edited ${where}`, details: [{ label: 'Updates', value: String(entry.updates ?? 0) }] };
  }
  if (entry.action === 'item.state') {
    return { ...base, kind: 'state', title: `moved the item from ${stateLabel(entry.before)} to ${stateLabel(entry.after)}`, details: details(entry) };
  }
  const decision = /^(review|qa|dispute)\./.test(entry.action);
  const title = titles[entry.action] ?? entry.action.replace(/[._]/g, ' ');
  return { ...base, kind: decision ? 'decision' : 'other', title, details: details(entry) };
}

/**
 * An item's history [A4] as timeline lines, oldest first: state changes, decisions with their reasons
 * and comments, and edits grouped per author and document (consecutive minutes of one person's edits
 * on one document make one line, with the total number of updates).
 * @example historyLines(history.entries).map((l) => `${l.actor} ${l.title}`)
 */
export function historyLines(entries: readonly HistoryEntry[]): HistoryLine[] {
  const lines: HistoryLine[] = [];
  let previous: { entry: HistoryEntry; line: HistoryLine } | null = null;
  entries.forEach((entry, index) => {
    const p = previous;
    if (p && entry.kind === 'edits' && p.entry.kind === 'edits' && p.entry.documentId === entry.documentId
      && p.entry.actor.id === entry.actor.id && p.entry.actor.kind === entry.actor.kind && p.entry.actor.name === entry.actor.name) {
      const updates = Number(p.line.details[0]?.value ?? 0) + (entry.updates ?? 0);
      const last = isRecord(entry.detail) ? text(entry.detail.last) : null;
      p.line.details = [{ label: 'Updates', value: String(updates) }];
      p.line.until = last ?? entry.at;
      p.entry = entry;
      return;
    }
    const next = line(entry, index);
    lines.push(next);
    previous = { entry, line: next };
  });
  return lines;
}
