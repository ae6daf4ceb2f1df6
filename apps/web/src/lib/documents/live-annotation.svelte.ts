import { provenanceOf, readDoc, validate, type Actor, type FieldProvenance, type Problem, type ProjectConfig, type Viewer } from '@concord/annotation-doc';
import type * as Y from 'yjs';

export interface LiveAnnotationOptions {
  doc: Y.Doc;
  /** The configuration the document is validated against. */
  config: () => ProjectConfig;
  /** The actor behind a client id; undefined for one the page does not know (yet). */
  actorOf: (clientId: number) => Actor | undefined;
  /** Who is looking: preference problems name responses by the letters this person sees. */
  viewer?: Viewer;
  /** Called (throttled) when the document holds edits of a client id nobody has named yet. */
  onUnknownClient?: () => void;
  /** What the server computed, shown until the live document has been read. */
  initial?: { problems: Problem[]; provenance: Record<string, FieldProvenance> };
  /** How long after an edit the problems and provenance are recomputed (ms); default 150. */
  delayMs?: number;
  /** Fewest ms between two `onUnknownClient` calls; default 5000. */
  unknownClientEveryMs?: number;
}

/**
 * The document's validation problems and per-field provenance, recomputed from the live Yjs document
 * shortly after every change (at most once per `delayMs`, so typing stays smooth).
 *
 * @example
 *   const live = new LiveAnnotation({ doc, config: () => detail.config, actorOf });
 *   live.problems // Problem[]; live.provenance // Record<path, FieldProvenance>
 */
export class LiveAnnotation {
  problems = $state.raw<Problem[]>([]);
  provenance = $state.raw<Record<string, FieldProvenance>>({});

  readonly #options: LiveAnnotationOptions;
  readonly #reported = new Set<number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unknownTimer: ReturnType<typeof setTimeout> | undefined;
  #lastUnknownCall = Number.NEGATIVE_INFINITY;
  #destroyed = false;

  constructor(options: LiveAnnotationOptions) {
    this.#options = options;
    this.problems = options.initial?.problems ?? [];
    this.provenance = options.initial?.provenance ?? {};
    options.doc.on('update', this.#schedule);
  }

  /** Recomputes now (after a new configuration or new actors). */
  recompute(): void {
    if (this.#destroyed) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { doc, config } = this.#options;
    try {
      this.problems = validate(readDoc(doc), config(), this.#options.viewer ? { viewer: this.#options.viewer } : {});
    } catch {
      // [A2] says reading never throws; if a peer sent something odd, keep the last good list.
    }
    const unknown: number[] = [];
    try {
      this.provenance = provenanceOf(doc, (clientId) => {
        const actor = this.#options.actorOf(clientId);
        if (actor === undefined) unknown.push(clientId);
        return actor;
      });
    } catch {
      // As above: keep the last good provenance.
    }
    if (unknown.some((id) => !this.#reported.has(id))) {
      for (const id of unknown) this.#reported.add(id);
      this.#askForActors();
    }
  }

  destroy(): void {
    this.#destroyed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#unknownTimer);
    this.#options.doc.off('update', this.#schedule);
  }

  #schedule = (): void => {
    if (this.#destroyed || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.recompute(), this.#options.delayMs ?? 150);
  };

  #askForActors(): void {
    const callback = this.#options.onUnknownClient;
    if (callback === undefined || this.#unknownTimer !== undefined) return;
    const every = this.#options.unknownClientEveryMs ?? 5_000;
    const wait = this.#lastUnknownCall + every - Date.now();
    const call = () => {
      this.#unknownTimer = undefined;
      if (this.#destroyed) return;
      this.#lastUnknownCall = Date.now();
      callback();
    };
    if (wait <= 0) call();
    else this.#unknownTimer = setTimeout(call, wait);
  }
}
