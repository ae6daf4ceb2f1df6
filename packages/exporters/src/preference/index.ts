// Preference formatters (SPEC.md "Instruction and preference formats", P1…).
export { hhRlhfFormatter, hhTranscript } from './hh-rlhf.ts';
export { openAiPreferenceFormatter } from './openai-preference.ts';
export { readPreferenceExample, scoresOf, strengthMargins, type PreferenceExample, type PreferencePair, type PreferenceResult } from './pairs.ts';
export { createTrlDpoFormatter, trlDpoFormatter, type TrlDpoOptions } from './trl-dpo.ts';
export { createTrlKtoFormatter, ktoLabels, trlKtoFormatter, type TrlKtoOptions } from './trl-kto.ts';
export type { TrlStyle } from './trl-prompt.ts';
