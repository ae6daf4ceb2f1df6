import { exportMediaDefault, type ExportFormat, type ExportRequest } from '@concord/protocol';
import { buildExportRequest, defaultExportForm, exportFormProblems, type ExportFormValues } from './export-request.ts';

/**
 * The "new export" form of a project: its values, the problems shown beside the controls (the split
 * sum, a reversed date range …), and the ExportRequest it makes once there are none.
 * @example const form = new ExportForm({ formats: ['trl-dpo', 'trl-kto'] }); form.values.validation = 0.1; form.problems.splits
 */
export class ExportForm {
  values = $state<ExportFormValues>(defaultExportForm(null));
  readonly problems = $derived(exportFormProblems(this.values));
  readonly valid = $derived(Object.keys(this.problems).length === 0);

  constructor(options: { formats: readonly ExportFormat[] }) {
    const first = options.formats[0] ?? null;
    this.values = { ...defaultExportForm(first), media: first ? exportMediaDefault(first) : 'copy' };
  }

  /** The request to send, or null while the form has problems. */
  request(): ExportRequest | null {
    const built = buildExportRequest($state.snapshot(this.values) as ExportFormValues);
    return 'request' in built ? built.request : null;
  }

  /** Picks a format; media follow what it takes (OpenAI formats read images by URL, the others get copies). */
  pickFormat(format: ExportFormat): void {
    this.values.format = format;
    this.values.media = exportMediaDefault(format);
  }

  /** Adds or removes one value of a multi-choice filter (states, slices, annotators). */
  toggle<K extends 'states' | 'slices' | 'annotators'>(key: K, value: ExportFormValues[K][number], on: boolean): void {
    const list = this.values[key] as string[];
    const next = list.filter((v) => v !== value);
    if (on) next.push(value);
    (this.values[key] as string[]) = next;
  }
}
