import { errorMessage } from './api.ts';

/**
 * The state of a form's submit: busy while it runs, then either the server's error message or a
 * notice to announce. One per form.
 * @example const action = new FormAction(); await action.run(async () => `Created ${name}.`);
 */
export class FormAction {
  busy = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  /** Runs the work; its returned string becomes the notice. True when it succeeded. */
  async run(work: () => Promise<string | void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      this.notice = (await work()) ?? null;
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
