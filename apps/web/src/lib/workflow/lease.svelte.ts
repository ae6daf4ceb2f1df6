import type { LeaseGrant } from '@concord/protocol';
import { errorMessage } from '../api.ts';
import { isStaleLease } from './refusal.ts';

/** `held`: renewed while the page is open; `lost`: the server refused the fence; `ended`: given back or used up. */
export type LeaseStatus = 'idle' | 'held' | 'lost' | 'ended';

export interface LeaseOptions {
  /** Renews the lease (heartbeat) with its fence; rejects with a 409 stale_lease once it is lost. */
  renew: (fence: number) => Promise<LeaseGrant>;
  /** The lease length when known (workflow settings); otherwise read from the grant's expiry. */
  leaseSeconds?: number;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** Fewest milliseconds between two heartbeats, whatever the lease (a 2 s lease renews every second). */
const minimumPeriodMs = 1_000;

/**
 * A fenced lease (a task, a review claim, an adjudication) kept alive while its page is open: renewed
 * every third of its length [Q3]. A 409 stale_lease turns it `lost` (the page then says "reload to
 * continue"); a network failure keeps it `held` with a warning and tries again at the next beat.
 *
 * @example
 *   const lease = new Lease({ renew: (fence) => api.heartbeat(assignmentId, fence) });
 *   lease.take(grant); // … lease.fence on every write; lease.end() after submit; lease.destroy() on leave
 */
export class Lease {
  status = $state<LeaseStatus>('idle');
  fence = $state<number | null>(null);
  expiresAt = $state<string | null>(null);
  /** Why renewing failed (network), while the lease may still be good. */
  warning = $state<string | null>(null);
  /** Why the lease was lost. */
  lostReason = $state<string | null>(null);
  readonly #options: LeaseOptions;
  readonly #now: () => number;
  #timer: unknown = null;
  #periodMs = 0;

  constructor(options: LeaseOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Starts holding a lease the server granted (claim, resume, adjudicate); replaces any earlier one. */
  take(grant: LeaseGrant): void {
    this.#stop();
    this.fence = grant.fence;
    this.expiresAt = grant.leaseExpiresAt;
    this.status = 'held';
    this.warning = null;
    this.lostReason = null;
    const seconds = this.#options.leaseSeconds;
    const lengthMs = seconds !== undefined ? seconds * 1000 : Date.parse(grant.leaseExpiresAt) - this.#now();
    // A clock far off the server's can make the expiry look past: fall back to the default 600 s lease.
    this.#periodMs = Math.max(minimumPeriodMs, (Number.isFinite(lengthMs) && lengthMs > 0 ? lengthMs : 600_000) / 3);
    this.#schedule();
  }

  /** Renews now (the beat calls it); resolves once the answer is in. */
  async beat(): Promise<void> {
    const fence = this.fence;
    if (this.status !== 'held' || fence === null) return;
    try {
      const grant = await this.#options.renew(fence);
      if (this.status !== 'held' || this.fence !== fence) return;
      this.fence = grant.fence;
      this.expiresAt = grant.leaseExpiresAt;
      this.warning = null;
    } catch (error) {
      if (this.status !== 'held' || this.fence !== fence) return;
      if (isStaleLease(error)) this.lose(errorMessage(error));
      else this.warning = `Could not renew the lease: ${errorMessage(error)} Trying again.`;
    }
  }

  /** The server refused the fence elsewhere (a submit or decision answered 409 stale_lease). */
  lose(reason: string): void {
    this.#stop();
    this.status = 'lost';
    this.lostReason = reason;
  }

  /** The work is done or given back: stop renewing. */
  end(): void {
    this.#stop();
    this.status = 'ended';
    this.warning = null;
  }

  destroy(): void {
    this.#stop();
  }

  #schedule(): void {
    const set = this.#options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
    this.#timer = set(() => {
      this.#timer = null;
      void this.beat().finally(() => {
        if (this.status === 'held' && this.#timer === null) this.#schedule();
      });
    }, this.#periodMs);
  }

  #stop(): void {
    if (this.#timer === null) return;
    const clear = this.#options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>));
    clear(this.#timer);
    this.#timer = null;
  }
}
