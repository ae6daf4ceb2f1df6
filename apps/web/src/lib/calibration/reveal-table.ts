import type { CalibrationReveal } from '@concord/protocol';
import { fieldLabel, formatValue, type ResponseNamer } from '../workflow/field-format.ts';

/** A column of the reveal table: one participant's answer, or the gold answer. */
export interface RevealColumn {
  id: string;
  name: string;
}

/** One disagreeing field: each column's value as text, and whether it differs from the gold answer. */
export interface RevealRow {
  path: string;
  label: string;
  cells: { id: string; text: string; given: boolean; offGold: boolean }[];
}

/**
 * The revealed item as a table (C5): a column per answer (in the order answered) and one for the gold
 * answer when there is one; a row per field on which they disagree. A cell differing from the gold value
 * is marked `offGold`; a column without a value on that field is `given: false`.
 * @example revealTable(reveal, namer).rows[0].cells.filter((c) => c.offGold)
 */
export function revealTable(reveal: CalibrationReveal, responseName?: ResponseNamer): { columns: RevealColumn[]; rows: RevealRow[] } {
  const columns: RevealColumn[] = reveal.answers.map((a) => ({ id: a.userId, name: a.name }));
  if (reveal.goldDocumentId) columns.push({ id: 'gold', name: 'Gold answer' });
  const rows = reveal.disagreements.map((d) => {
    const byId = new Map(d.values.map((v) => [v.userId, v.value]));
    const gold = byId.has('gold') ? JSON.stringify(byId.get('gold')) : null;
    return {
      path: d.path,
      label: fieldLabel(d.path),
      cells: columns.map((c) => {
        const given = byId.has(c.id);
        const value = byId.get(c.id);
        return {
          id: c.id,
          given,
          text: given ? formatValue(value, { max: 80, responseName }) : '—',
          offGold: given && c.id !== 'gold' && gold !== null && JSON.stringify(value) !== gold,
        };
      }),
    };
  });
  return { columns, rows };
}

/** A share (0-1) as a whole percentage, or "—" when undefined. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${Math.round(value * 100)} %`;
}
