import * as Y from 'yjs';
import { captionText, descriptionsArray, imageMap, linksMap, regionsMap, vqaArray } from './alignment/layout.ts';
import { instructionMap, summaryText, transcriptArray, turnsArray } from './instruction/layout.ts';
import { taskTypeOf } from './layout.ts';
import { judgementMap, promptMap, quotesArray, rationaleText, responsesArray, scoresMap } from './preference/layout.ts';
import { keyUnits, mapUnits, sequenceUnits, type Unit } from './provenance-units.ts';
import { getArray, getString, getText, mapsOf, type YRecord } from './y-values.ts';

type Fields = [path: string, units: Unit[]][];

function textField(path: string, text: Y.Text | null): Fields {
  return text ? [[path, sequenceUnits(text)]] : [];
}

/** Per-item fields of the records of an array, keyed by each record's id. */
function perRecord(array: Y.Array<unknown>, fields: (id: string, record: YRecord) => Fields): Fields {
  return mapsOf(array).flatMap((record) => {
    const id = getString(record, 'id');
    return id === null ? [] : fields(id, record);
  });
}

function instructionFields(doc: Y.Doc): Fields {
  return [
    ...perRecord(turnsArray(doc), (id, turn) => textField(`turns.${id}.text`, getText(turn, 'text'))),
    ['instruction.style', keyUnits(instructionMap(doc), 'style')],
    ...perRecord(transcriptArray(doc), (id, segment) => [
      [`transcript.${id}`, mapUnits(segment, (key) => key !== 'text')],
      ...textField(`transcript.${id}.text`, getText(segment, 'text')),
    ]),
    ['summary', sequenceUnits(summaryText(doc))],
  ];
}

function preferenceFields(doc: Y.Doc): Fields {
  return [
    ...textField('prompt.text', getText(promptMap(doc), 'text')),
    ...perRecord(responsesArray(doc), (id, response) => textField(`responses.${id}.text`, getText(response, 'text'))),
    ['judgement', mapUnits(judgementMap(doc))],
    ['scores', mapUnits(scoresMap(doc))],
    ['rationale', sequenceUnits(rationaleText(doc))],
    ...perRecord(quotesArray(doc), (id, quote) => [[`quotes.${id}`, mapUnits(quote)]]),
  ];
}

function alignmentFields(doc: Y.Doc): Fields {
  const records = (map: Y.Map<unknown>, prefix: string): Fields =>
    [...map.entries()].flatMap(([id, record]): Fields => (record instanceof Y.Map ? [[`${prefix}.${id}`, mapUnits(record)]] : []));
  return [
    ['image', mapUnits(imageMap(doc))],
    ['caption', sequenceUnits(captionText(doc))],
    ...records(regionsMap(doc), 'regions'),
    ...records(linksMap(doc), 'links'),
    ...perRecord(vqaArray(doc), (id, pair) => {
      const evidence = getArray(pair, 'evidence');
      return [
        ...textField(`vqa.${id}.question`, getText(pair, 'question')),
        ...textField(`vqa.${id}.answer`, getText(pair, 'answer')),
        ...(evidence ? ([[`vqa.${id}.evidence`, sequenceUnits(evidence)]] satisfies Fields) : []),
      ];
    }),
    ...perRecord(descriptionsArray(doc), (id, d) => textField(`descriptions.${id}.text`, getText(d, 'text'))),
  ];
}

/** Every field of a document whose provenance is reported, with the Yjs runs that make it up. */
export function provenanceFields(doc: Y.Doc): Fields {
  switch (taskTypeOf(doc)) {
    case 'instruction':
      return instructionFields(doc);
    case 'preference':
      return preferenceFields(doc);
    case 'alignment':
    case null:
      return alignmentFields(doc);
  }
}
