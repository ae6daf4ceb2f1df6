import { type AlignmentDoc, readDoc, type RegionView } from '@concord/annotation-doc';
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
    const next = readDoc(this.#doc);
    if (next.taskType !== 'alignment') {
      this.view = empty;
      return;
    }
    // Unchanged regions keep their objects, so what is derived from a shape (a decoded mask, its
    // picture) is not redone on every keystroke in the caption.
    const before = new Map(this.view.regions.map((region) => [region.id, region]));
    const regions = next.regions.map((region) => {
      const old = before.get(region.id);
      return old && sameRegion(old, region) ? old : region;
    });
    this.view = { ...next, regions };
  };
}

function sameRegion(a: RegionView, b: RegionView): boolean {
  return a.label === b.label && a.order === b.order && JSON.stringify(a.shape) === JSON.stringify(b.shape);
}
