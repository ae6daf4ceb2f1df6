import type { CalibrationEvent, CalibrationResult, CalibrationReveal, CalibrationSessionView } from '@concord/protocol';
import { ApiError, errorMessage } from '../api.ts';
import type { LoadStatus } from '../load-status.ts';
import type { CalibrationApi, TrainerMove } from './calibration-api.ts';

/** A validation problem of an answer the server refused (422). */
export interface AnswerProblem {
  path: string;
  message: string;
}

/**
 * The live calibration room: the session as the caller sees it (blind until revealed), the revealed
 * item's answers and gold, and the caller's moves (the trainer's start, reveal, next and end; a
 * participant's answer). Every `calibration:changed` of the session makes it read the session again.
 */
export class CalibrationRoom {
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  view = $state.raw<CalibrationSessionView | null>(null);
  reveal = $state.raw<CalibrationReveal | null>(null);
  /** Once ended: the results the caller may see (their own, or everyone's for the trainer and quality readers). */
  results = $state.raw<CalibrationResult[]>([]);
  /** A move or answer in flight. */
  busy = $state(false);
  /** Why the last move or answer was refused. */
  actionError = $state<string | null>(null);
  /** The problems of an answer the server refused. */
  problems = $state.raw<AnswerProblem[]>([]);
  readonly #api: Pick<CalibrationApi, 'get' | 'move' | 'answer' | 'reveal' | 'list'>;
  readonly #sessionId: string;
  readonly #userId: string;
  #request = 0;

  constructor(options: { api: Pick<CalibrationApi, 'get' | 'move' | 'answer' | 'reveal' | 'list'>; sessionId: string; userId: string }) {
    this.#api = options.api;
    this.#sessionId = options.sessionId;
    this.#userId = options.userId;
  }

  /** Whether the caller runs this session. */
  get trainer(): boolean {
    return this.view !== null && this.view.trainerId === this.#userId;
  }

  /** Whether the caller answered the current item. */
  get answered(): boolean {
    return this.view?.participants.find((p) => p.userId === this.#userId)?.answered ?? false;
  }

  /** Whether the session is at its last item. */
  get last(): boolean {
    return this.view !== null && this.view.currentIndex >= this.view.itemIds.length - 1;
  }

  /** Reads the session (and, once its item is revealed, the reveal); the newest read wins. */
  async load(): Promise<void> {
    const request = ++this.#request;
    try {
      const view = await this.#api.get(this.#sessionId);
      const reveal = view.state === 'live' && view.revealed ? await this.#api.reveal(this.#sessionId) : null;
      const results = view.state === 'ended' ? ((await this.#api.list(view.projectId)).items.find((s) => s.id === view.id)?.results ?? []) : [];
      if (request !== this.#request) return;
      this.view = view;
      this.reveal = reveal;
      this.results = results;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (request !== this.#request) return;
      if (error instanceof ApiError && error.isNotFound) this.status = 'not-found';
      else if (this.status !== 'ready') {
        this.status = 'error';
        this.error = errorMessage(error);
      }
    }
  }

  /** A session changed somewhere: read it again when it is this one. */
  onEvent(event: CalibrationEvent): void {
    if (event.sessionId === this.#sessionId) void this.load();
  }

  /** The trainer's move: start, reveal, next or end. */
  move(move: TrainerMove): Promise<void> {
    return this.#act(() => this.#api.move(this.#sessionId, move));
  }

  /** Submits the caller's answer once `flush` made sure the server stored their edits (W17). */
  answer(flush: () => Promise<void>): Promise<void> {
    return this.#act(async () => {
      await flush();
      return this.#api.answer(this.#sessionId);
    });
  }

  async #act(run: () => Promise<CalibrationSessionView>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.actionError = null;
    this.problems = [];
    try {
      this.view = await run();
      await this.load();
    } catch (error) {
      this.actionError = errorMessage(error);
      const details = error instanceof ApiError ? (error.details as { problems?: AnswerProblem[] } | undefined) : undefined;
      this.problems = details?.problems ?? [];
      await this.load();
    } finally {
      this.busy = false;
    }
  }
}
