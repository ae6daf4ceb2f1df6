import { type AlignmentDoc, readDoc } from '@concord/annotation-doc';
import type * as Y from 'yjs';

const empty: AlignmentDoc = {
  taskType: 'alignment',
  meta: { schemaVersion: null, itemId: null, configVersion: null },
  image: null,
  caption: '',
  regions: [],
  links: [],
  vqa: [],
  descriptions: [],
};

/**
 * The alignment document as plain, reactive data: re-read after every change, local or remote, so
 * links always carry their current character offsets. Create one per editor and `destroy()` it.
 */
export class AlignmentState {
  view = $state.raw<AlignmentDoc>(empty);
  readonly #doc: Y.Doc;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#refresh();
    doc.on('update', this.#refresh);
  }

  destroy(): void {
    this.#doc.off('update', this.#refresh);
  }

  #refresh = (): void => {
    const view = readDoc(this.#doc);
    this.view = view.taskType === 'alignment' ? view : empty;
  };
}
