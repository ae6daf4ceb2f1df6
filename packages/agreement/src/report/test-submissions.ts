// Test support: submissions built from real annotation documents (observe), or from observations directly.
import { qualitySettingsSchema, type QualitySettings } from '@concord/protocol';
import { observe } from '../observe/observe.ts';
import type { Observation, PreferenceSignals, Submission } from '../observe/types.ts';
import type { ProjectConfig } from '@concord/annotation-doc';
import type * as Y from 'yjs';
import { viewOf } from '../observe/test-docs.ts';

/** Every default setting. */
export const settings: QualitySettings = qualitySettingsSchema.parse({});

/** 2026-11-26 12:00 UTC, a Thursday. */
export const now = Date.UTC(2026, 10, 26, 12);

const hour = 3_600_000;

/** A submission with the given observations (defaults: no slices, an hour before `now`, 60 seconds). */
export function submission(itemId: string, raterId: string, observations: Observation[], extra: Partial<Submission> = {}): Submission {
  return { itemId, raterId, slices: [], submittedAt: now - hour, seconds: 60, observations, signals: null, goldScore: null, ...extra };
}

/** A submission of a real document, observed under `config`. */
export function submitted(itemId: string, raterId: string, doc: Y.Doc, config: ProjectConfig, extra: Partial<Submission> = {}): Submission {
  const { observations, signals } = observe(viewOf(doc), { config });
  return submission(itemId, raterId, observations, { signals, ...extra });
}

/** A nominal observation of a field. */
export function nominal(field: string, value: string): Observation {
  return { field, unit: '', kind: 'nominal', value };
}

/** Preference signals, for bias tests. */
export function signals(shownFirst: string | null, chosen: string | null, tie: boolean, chosenLonger: boolean | null): PreferenceSignals {
  return { shownFirst, chosen, tie, chosenLonger };
}
