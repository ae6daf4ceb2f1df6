import type { ProjectConfig } from '../config.ts';
import { fmt, listing, type Problem } from '../problems.ts';
import type { InstructionDoc } from './read.ts';

function turnProblems(doc: InstructionDoc): Problem[] {
  const out: Problem[] = [];
  doc.turns.forEach((turn, i) => {
    if (turn.role === null) out.push({ path: `turns.${turn.id}.role`, message: `turn ${i + 1} has no valid role` });
    const empty = turn.text.trim() === '';
    if (turn.role === 'assistant' && empty) out.push({ path: `turns.${turn.id}.text`, message: `assistant turn ${i + 1} is empty` });
    // A user turn can be only an image or a recording.
    if (turn.role === 'user' && empty && turn.media.length === 0) out.push({ path: `turns.${turn.id}.text`, message: `user turn ${i + 1} is empty` });
  });
  if (!doc.turns.some((t) => t.role === 'user')) out.push({ path: 'turns', message: 'the conversation needs at least one user turn' });
  if (!doc.turns.some((t) => t.role === 'assistant' && t.text.trim() !== '')) {
    out.push({ path: 'turns', message: 'the conversation needs an assistant reply' });
  }
  return out;
}

function styleProblems(doc: InstructionDoc, config: ProjectConfig): Problem[] {
  const style = doc.instruction.style;
  if (style === null || style === '') return [{ path: 'instruction.style', message: 'choose an instruction style' }];
  if (config.instructionStyles.length > 0 && !config.instructionStyles.includes(style)) {
    return [{ path: 'instruction.style', message: `"${style}" is not one of this project's styles (${listing(config.instructionStyles)})` }];
  }
  return [];
}

function transcriptProblems(doc: InstructionDoc): Problem[] {
  const out: Problem[] = [];
  doc.transcript.forEach((segment, i) => {
    if (segment.start < 0) out.push({ path: `transcript.${segment.id}.start`, message: `segment ${i + 1} starts before the recording (${fmt(segment.start)} s)` });
    if (segment.end <= segment.start) {
      out.push({ path: `transcript.${segment.id}.end`, message: `segment ${i + 1} must end after it starts (start ${fmt(segment.start)} s, end ${fmt(segment.end)} s)` });
    }
    const previous = doc.transcript[i - 1];
    if (previous && segment.start < previous.end) {
      out.push({
        path: `transcript.${segment.id}.start`,
        message: `segment ${i + 1} starts at ${fmt(segment.start)} s, before segment ${i} ends (${fmt(previous.end)} s)`,
      });
    }
  });
  return out;
}

/** Problems of an instruction document: turns, instruction style, transcript segments. */
export function validateInstruction(doc: InstructionDoc, config: ProjectConfig): Problem[] {
  return [...turnProblems(doc), ...styleProblems(doc, config), ...transcriptProblems(doc)];
}
