import { can } from '@concord/protocol';
import { errorMessage } from '../api.ts';
import type { Item, Member } from '../api-types.ts';
import { FormAction } from '../form-action.svelte.ts';
import type { WorkflowApi } from './workflow-api.ts';

/** What direct assignment needs from the server. */
export interface AssignClient {
  listItems(projectId: string, query: { limit?: number }): Promise<{ items: Item[] }>;
  listMembers(projectId: string): Promise<{ items: Member[] }>;
  assign: WorkflowApi['assign'];
}

/**
 * Direct assignment [Q7]: an item and a member whose role annotates; the server refuses a full item or
 * a second assignment of the same person (409), shown as the form's error.
 */
export class AssignForm {
  items = $state.raw<Item[]>([]);
  members = $state.raw<Member[]>([]);
  itemId = $state('');
  userId = $state('');
  loadError = $state<string | null>(null);
  readonly action = new FormAction();
  readonly #client: AssignClient;
  readonly #projectId: string;

  constructor(options: { client: AssignClient; projectId: string }) {
    this.#client = options.client;
    this.#projectId = options.projectId;
  }

  async load(): Promise<void> {
    try {
      const [items, members] = await Promise.all([this.#client.listItems(this.#projectId, { limit: 100 }), this.#client.listMembers(this.#projectId)]);
      this.items = items.items.filter((i) => i.documentId !== null);
      this.members = members.items.filter((m) => can(m.role, 'work.annotate'));
      this.loadError = null;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  /** Assigns the chosen item to the chosen member; true when it worked (the notice says so). */
  assign(): Promise<boolean> {
    const item = this.items.find((i) => i.id === this.itemId);
    const member = this.members.find((m) => m.userId === this.userId);
    return this.action.run(async () => {
      if (!item || !member) throw new Error('Choose an item and a member.');
      await this.#client.assign(this.#projectId, { itemId: item.id, userId: member.userId });
      return `Assigned “${item.title || item.externalId}” to ${member.name}.`;
    });
  }
}
