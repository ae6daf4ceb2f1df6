import type { AnnotationDoc, ProjectConfig } from '@concord/annotation-doc';
import { observeAlignment } from './alignment.ts';
import { observeInstruction } from './instruction.ts';
import { observePreference, preferenceSignals } from './preference.ts';
import type { Observation, PreferenceSignals } from './types.ts';

/** What {@link observe} needs besides the annotation. */
export interface ObserveOptions {
  /** The project configuration the annotation was made under (rubric criteria, preference mode). */
  config: ProjectConfig;
  /** Preference: the response ids in the order this annotator saw them (`displayOrder`), for position bias. */
  shownOrder?: readonly string[];
}

/** An annotation reduced to what is compared. */
export interface Observed {
  observations: Observation[];
  /** Preference bias signals; null for other task types. */
  signals: PreferenceSignals | null;
}

/**
 * [O1] Reduces a submitted annotation (a `readDoc` view) to its comparable values, per task type. Only
 * fields the annotation fills produce observations: a missing value is not a disagreement.
 *
 * @example
 * const { observations, signals } = observe(readDoc(doc), { config, shownOrder: displayOrder(ids, viewerSeed(viewer)) });
 */
export function observe(view: AnnotationDoc, options: ObserveOptions): Observed {
  switch (view.taskType) {
    case 'preference':
      return { observations: observePreference(view, options.config), signals: preferenceSignals(view, options.config, options.shownOrder) };
    case 'instruction':
      return { observations: observeInstruction(view), signals: null };
    case 'alignment':
      return { observations: observeAlignment(view), signals: null };
  }
}
