import { frontMatter } from './front-matter.ts';
import { cell, inlineText, num, table } from './markdown.ts';
import type { DatasetCardInput, Rate } from './types.ts';
import { toYaml } from './yaml.ts';

const list = (items: readonly string[], empty: string): string => (items.length > 0 ? items.map((i) => `- ${inlineText(i)}`).join('\n') : empty);
const rate = (r: Rate | null): string => (r === null ? 'not measured' : `${num(r.value)} (over ${num(r.of)} items)`);

function composition(input: DatasetCardInput): string {
  const parts = [
    '### Splits',
    '',
    table(['Split', 'Items', 'Rows'], input.splits.map((s) => [s.split, num(s.items), num(s.rows)])),
    '',
    `Total: ${num(input.splits.reduce((n, s) => n + s.items, 0))} items, ${num(input.splits.reduce((n, s) => n + s.rows, 0))} rows.`,
  ];
  if (input.slices.length > 0) parts.push('', '### Slices', '', table(['Slice', 'Items'], input.slices.map((s) => [cell(s.name), num(s.count)])));
  if (input.types.length > 0) parts.push('', '### Annotation types', '', table(['Type', 'Count'], input.types.map((t) => [cell(t.name), num(t.count)])));
  return parts.join('\n');
}

function collection(input: DatasetCardInput): string {
  const w = input.workflow;
  const c = input.calibration;
  return [
    `- Workflow stages: ${w.stages.length > 0 ? w.stages.map(inlineText).join(' → ') : 'none recorded'}`,
    `- Overlap: ${num(w.overlap)} annotator(s) per item, ${w.mode === 'blind' ? 'blind (annotators did not see each other’s work)' : 'collaborative (annotators saw each other’s work)'}`,
    `- Guideline versions: ${w.guidelineVersions.length > 0 ? w.guidelineVersions.map(inlineText).join(', ') : 'none recorded'}`,
    `- Config versions: ${w.configVersions.length > 0 ? w.configVersions.map(num).join(', ') : 'none recorded'}`,
    `- Annotators: ${num(w.annotatorCount)}`,
    c === null
      ? '- Qualification / calibration: none'
      : `- Qualification / calibration: ${num(c.sessions)} session(s), ${num(c.qualified)} of ${num(c.participants)} participants qualified${c.note ? ` (${inlineText(c.note)})` : ''}`,
  ].join('\n');
}

function quality(input: DatasetCardInput): string {
  const rows = input.quality.map((q) => [cell(q.slice), cell(q.metric), num(q.value), q.ci === null ? 'n/a' : `[${num(q.ci[0])}, ${num(q.ci[1])}]`, cell(q.units)]);
  return [
    input.quality.length > 0 ? table(['Slice', 'Metric', 'Value', 'CI', 'Units'], rows) : 'No agreement was measured.',
    '',
    `- Gold accuracy: ${rate(input.goldAccuracy)}`,
    `- Review override rate (share of reviewed items whose answer a reviewer changed): ${rate(input.reviewOverrideRate)}`,
  ].join('\n');
}

function provenance(input: DatasetCardInput): string {
  const m = input.provenanceMix;
  return [
    'Shares of the exported fields by where their content came from (0–1):',
    '',
    table(['Source', 'Share'], [
      ['Human-written', num(m.human)],
      ['Model-generated', num(m.model)],
      ['Model-generated, then edited by a person', num(m.modelThenEdited)],
    ]),
  ].join('\n');
}

function manifest(input: DatasetCardInput): string {
  if (input.files.length === 0) return 'No files.';
  return [
    'Every file of the export except this README, with its size and SHA-256:',
    '',
    table(['File', 'Bytes', 'SHA-256'], input.files.map((f) => [cell(f.path), num(f.bytes), cell(f.sha256)])),
  ].join('\n');
}

/**
 * [K1]–[K8] The dataset card: README.md with Hugging Face YAML front matter, then the datasheet sections
 * (Motivation, Composition, Collection and annotation process, Quality, Provenance mix, Known gaps,
 * Personal data, Manifest). Every number is printed exactly as given (no rounding, [K4]).
 * @example const readme = datasetCard(input); // '---\npretty_name: …\n---\n\n# …'
 */
export function datasetCard(input: DatasetCardInput): string {
  const sections: [string, string][] = [
    ['Motivation', input.description.trim() === '' ? 'No description given.' : input.description.trim()],
    ['Composition', composition(input)],
    ['Collection and annotation process', collection(input)],
    ['Quality', quality(input)],
    ['Provenance mix', provenance(input)],
    ['Known gaps', list(input.knownGaps, 'None recorded.')],
    ['Personal data', input.personalData.trim() === '' ? 'No note given.' : input.personalData.trim()],
    ['Manifest', manifest(input)],
  ];
  const body = sections.map(([title, text]) => `## ${title}\n\n${text}\n`).join('\n');
  return `---\n${toYaml(frontMatter(input))}---\n\n# ${inlineText(input.projectName)}\n\nFormat: \`${input.format}\` (${input.taskType} items).\n\n${body}`;
}
