import * as Y from 'yjs';
import { alignmentSteps } from './alignment/init.ts';
import type { TaskType } from './config.ts';
import { newLocalId, type IdSource } from './ids.ts';
import { instructionSteps } from './instruction/init.ts';
import { taskTypeOf, writeMeta } from './layout.ts';
import { preferenceSteps } from './preference/init.ts';
import { itemSeedSchema, prelabelSchema, type ItemSeed, type Prelabel } from './seeds.ts';
import type { WriteStep } from './write-step.ts';

/** What an item's document starts with. */
export interface InitOptions {
  taskType: TaskType;
  itemId: string;
  /** The version of the project config the document is made with. */
  configVersion: number;
  /** The item's content, written by the `source` actor. */
  seed: ItemSeed;
  /** A model's pre-label, written by that model. */
  prelabel?: Prelabel;
}

/** {@link InitOptions} and the Yjs client ids the actors write with. */
export interface BuildItemOptions extends InitOptions {
  /** The client id bound to the import (`{ kind: 'source' }`). */
  sourceClientId: number;
  /** modelId → the client id bound to that model; needs every response's model and the pre-label's. */
  modelClientIds: Record<string, number>;
}

/** All steps of writing an item, in order; throws on a seed or pre-label that does not fit. */
export function planItem(options: InitOptions, ids: IdSource = newLocalId): WriteStep[] {
  const seed = itemSeedSchema.parse(options.seed);
  const prelabel = options.prelabel === undefined ? undefined : prelabelSchema.parse(options.prelabel);
  if (seed.taskType !== options.taskType) throw new TypeError(`a ${seed.taskType} seed cannot start a ${options.taskType} document`);
  if (!Number.isSafeInteger(options.configVersion) || options.configVersion < 0) throw new RangeError('configVersion must be a non-negative integer');
  const meta: WriteStep = {
    modelId: null,
    write: (doc) => writeMeta(doc, { taskType: options.taskType, itemId: options.itemId, configVersion: options.configVersion }),
  };
  switch (seed.taskType) {
    case 'instruction':
      return [meta, ...instructionSteps(seed, prelabel, ids)];
    case 'preference':
      return [meta, ...preferenceSteps(seed, prelabel, ids)];
    case 'alignment':
      return [meta, ...alignmentSteps(seed, prelabel, ids)];
  }
}

/**
 * Writes an item's content and, when given, its pre-label into an empty document, in one transaction
 * and with the document's own client id. To record who wrote what (for `provenanceOf`), use
 * {@link buildItemUpdate} instead. Throws when the document already has a task type.
 */
export function initDocument(doc: Y.Doc, options: InitOptions): void {
  if (taskTypeOf(doc) !== null) throw new Error('the document is already initialised');
  const steps = planItem(options);
  doc.transact(() => {
    for (const step of steps) step.write(doc);
  });
}

function assertClientId(clientId: number | undefined, who: string): number {
  if (clientId === undefined) throw new Error(`no Yjs client id for ${who}`);
  if (!Number.isSafeInteger(clientId) || clientId < 0 || clientId > 0xffffffff) throw new RangeError(`invalid Yjs client id ${clientId} for ${who}`);
  return clientId;
}

/**
 * The encoded Yjs update of a new item's document: its content written by `sourceClientId`, each
 * response's text by its model's client id and the pre-label by the pre-labelling model's. One Y.Doc
 * takes every step as its own local transaction under the step's client id, so each struct carries
 * the id of the actor that wrote it.
 *
 * @example
 * const update = buildItemUpdate({ taskType: 'alignment', itemId, configVersion: 3, seed, prelabel,
 *   sourceClientId: 1, modelClientIds: { 'gpt-x': 2 } });
 * Y.applyUpdate(room.doc, update, importOrigin);
 */
export function buildItemUpdate(options: BuildItemOptions, ids: IdSource = newLocalId): Uint8Array {
  // `ids` is for tests and the convergence harness, which need reproducible ids.
  const steps = planItem(options, ids);
  const doc = new Y.Doc();
  try {
    for (const step of steps) {
      // Switching the client id between local transactions is safe: Yjs reads it for every new struct,
      // and only remote updates carrying the doc's own id make it pick a new one.
      doc.clientID =
        step.modelId === null
          ? assertClientId(options.sourceClientId, 'the source')
          : assertClientId(Object.hasOwn(options.modelClientIds, step.modelId) ? options.modelClientIds[step.modelId] : undefined, `model ${step.modelId}`);
      doc.transact(() => step.write(doc));
    }
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
