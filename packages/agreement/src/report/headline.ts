import type { FieldKind, QualityReport } from '@concord/protocol';
import type { Submission } from '../observe/types.ts';

/** The field whose agreement is a slice's headline and the number flags use. */
export interface Headline {
  field: string;
  kind: FieldKind;
}

/**
 * [Q11] The headline field of a task type: preference `judgement.choice` (pairwise) or `judgement.ranking`
 * (whichever more submissions in the window have; pairwise on a tie), instruction `instruction.style`,
 * alignment `regions`.
 */
export function headlineOf(taskType: QualityReport['taskType'], submissions: readonly Submission[]): Headline {
  switch (taskType) {
    case 'preference': {
      let [choices, rankings] = [0, 0];
      for (const s of submissions) {
        for (const o of s.observations) {
          if (o.field === 'judgement.choice') choices++;
          else if (o.field === 'judgement.ranking') rankings++;
        }
      }
      return rankings > choices ? { field: 'judgement.ranking', kind: 'ranking' } : { field: 'judgement.choice', kind: 'nominal' };
    }
    case 'instruction':
      return { field: 'instruction.style', kind: 'nominal' };
    case 'alignment':
      return { field: 'regions', kind: 'regions' };
  }
}
