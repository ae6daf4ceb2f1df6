import { llavaFormatter, openAiChatFormatter, trlSftFormatter } from './instruction/index.ts';
import { hhRlhfFormatter, openAiPreferenceFormatter, trlDpoFormatter, trlKtoFormatter } from './preference/index.ts';
import { labelStudioFormatter } from './interchange/index.ts';
import type { FormatId, Formatter } from './types.ts';
import { visionFormatters } from './vision/index.ts';

/**
 * Every formatter by format id (the CLI and the API look formats up here).
 * @example const result = await formatters['trl-dpo'].write(items, sink, { provenance: true });
 */
export const formatters: Record<FormatId, Formatter> = {
  llava: llavaFormatter,
  'trl-sft': trlSftFormatter,
  'openai-chat': openAiChatFormatter,
  'trl-dpo': trlDpoFormatter,
  'trl-kto': trlKtoFormatter,
  'hh-rlhf': hhRlhfFormatter,
  'openai-preference': openAiPreferenceFormatter,
  ...visionFormatters,
  'label-studio': labelStudioFormatter,
};
