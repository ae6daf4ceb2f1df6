import type { InstructionDoc } from '@concord/annotation-doc';
import type { Observation } from './types.ts';

function text(field: string, value: string): Observation[] {
  const trimmed = value.trim();
  return trimmed === '' ? [] : [{ field, unit: '', kind: 'text', value: trimmed }];
}

/**
 * [O8] The comparable parts of an instruction annotation: the instruction style (nominal), the assistant
 * turns joined by a blank line, the transcript's segment texts joined by a space (segments in time order),
 * and the summary (each text when not empty).
 */
export function observeInstruction(view: InstructionDoc): Observation[] {
  const style = view.instruction.style;
  return [
    ...(style === null || style === '' ? [] : [{ field: 'instruction.style', unit: '', kind: 'nominal' as const, value: style }]),
    ...text(
      'turns.assistant',
      view.turns
        .filter((turn) => turn.role === 'assistant')
        .map((turn) => turn.text.trim())
        .filter((t) => t !== '')
        .join('\n\n'),
    ),
    ...text(
      'transcript',
      view.transcript
        .map((segment) => segment.text.trim())
        .filter((t) => t !== '')
        .join(' '),
    ),
    ...text('summary', view.summary),
  ];
}
