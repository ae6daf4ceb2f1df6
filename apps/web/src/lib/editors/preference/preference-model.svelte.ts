import { type JudgementMode, type PreferenceDoc, readDoc } from '@concord/annotation-doc';
import type * as Y from 'yjs';

const emptyView: PreferenceDoc = {
  taskType: 'preference',
  meta: { schemaVersion: null, itemId: null, configVersion: null },
  prompt: { text: '', media: [] },
  responses: [],
  judgement: { mode: null, choice: null, strength: null, ranks: {}, ranking: [] },
  scores: {},
  rationale: '',
  quotes: [],
};

/**
 * The preference document as plain data for the editor, kept up to date from the Yjs document
 * (every transaction, local or remote). Reading is cheap next to rendering; the view is replaced as
 * a whole, so components compare the parts they use.
 *
 * @example const model = new PreferenceModel(session.doc); onDestroy(() => model.destroy());
 */
export class PreferenceModel {
  view = $state.raw<PreferenceDoc>(emptyView);

  readonly #doc: Y.Doc;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#refresh();
    doc.on('update', this.#refresh);
  }

  /** The mode the judgement is made in: the document's own, else the project's (as validation does). */
  mode(configured: JudgementMode): JudgementMode {
    return this.view.judgement.mode ?? configured;
  }

  destroy(): void {
    this.#doc.off('update', this.#refresh);
  }

  #refresh = (): void => {
    const view = readDoc(this.#doc);
    this.view = view.taskType === 'preference' ? view : emptyView;
  };
}
