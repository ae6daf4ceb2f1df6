import { validateAlignment } from './alignment/validate.ts';
import type { ProjectConfig } from './config.ts';
import { validateInstruction } from './instruction/validate.ts';
import type { Viewer } from './display-order.ts';
import { validatePreference } from './preference/validate.ts';
import type { Problem } from './problems.ts';
import type { AnnotationDoc } from './read.ts';

/** The value at a field path of a view (`caption`, `instruction.style`, `vqa.0.answer`), or undefined. */
function valueAt(doc: AnnotationDoc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function requiredProblems(doc: AnnotationDoc, config: ProjectConfig): Problem[] {
  return config.requiredFields.flatMap((path): Problem[] => {
    const top = path.split('.')[0] ?? path;
    if (top === 'taskType' || top === 'meta' || !Object.hasOwn(doc, top)) {
      return [{ path, message: `"${path}" is required by the project, but ${doc.taskType} documents have no such field` }];
    }
    return isEmpty(valueAt(doc, path)) ? [{ path, message: `${path.replaceAll('.', ' ').replaceAll('_', ' ')} is required` }] : [];
  });
}

/**
 * Everything that keeps a document from being complete under a project config, each problem with the
 * field path it concerns (`regions.<id>.shape`, `judgement.ranking`, `scores.<responseId>:<criterion>`,
 * `rationale`, `links.<id>.regionId`, `turns.<id>.text` …): list entries are named by their id, as in
 * `provenanceOf`, while messages number them for people. An empty list means the document is done.
 * Give `viewer` when the messages are for one person: responses are then named by the letters that
 * person sees (their shuffled order), never by the canonical order [A6].
 *
 * @example
 * const problems = validate(readDoc(doc), config);
 * const forCaption = problems.filter((p) => p.path === 'caption');
 */
export function validate(doc: AnnotationDoc, config: ProjectConfig, options: { viewer?: Viewer } = {}): Problem[] {
  const out: Problem[] = [];
  if (doc.taskType !== config.taskType) {
    out.push({ path: 'taskType', message: `this document is for ${doc.taskType} tasks, but the project is set up for ${config.taskType} tasks` });
  }
  switch (doc.taskType) {
    case 'instruction':
      out.push(...validateInstruction(doc, config));
      break;
    case 'preference':
      out.push(...validatePreference(doc, config, options.viewer));
      break;
    case 'alignment':
      out.push(...validateAlignment(doc, config));
      break;
  }
  out.push(...requiredProblems(doc, config));
  return out;
}
