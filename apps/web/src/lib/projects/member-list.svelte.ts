import type { ProjectRole } from '@concord/protocol';
import { errorMessage, type ApiClient } from '../api.ts';
import type { Member } from '../api-types.ts';

/** A project's members (name, e-mail, role) and, for managers, adding, re-roling and removing them. */
export class MemberList {
  items = $state<Member[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
  readonly #api: ApiClient;
  readonly #projectId: string;

  constructor(options: { api: ApiClient; projectId: string }) {
    this.#api = options.api;
    this.#projectId = options.projectId;
  }

  /** Loads the members; a failure keeps what is shown and sets `error`. */
  async refresh(): Promise<void> {
    try {
      this.items = (await this.#api.listMembers(this.#projectId)).items;
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /** Adds a user by e-mail with a role. Throws an ApiError (unknown e-mail 404, already a member 409). */
  async add(email: string, role: ProjectRole): Promise<Member> {
    const member = await this.#api.addMember(this.#projectId, { email, role });
    this.items = [...this.items.filter((m) => m.userId !== member.userId), member];
    return member;
  }

  /** Changes a member's role. Throws an ApiError (e.g. 409 when demoting the last manager). */
  async changeRole(userId: string, role: ProjectRole): Promise<Member> {
    const member = await this.#api.changeMemberRole(this.#projectId, userId, role);
    this.items = this.items.map((m) => (m.userId === userId ? member : m));
    return member;
  }

  /** Removes a member. Throws an ApiError (e.g. 409 for the last manager). */
  async remove(userId: string): Promise<void> {
    await this.#api.removeMember(this.#projectId, userId);
    this.items = this.items.filter((m) => m.userId !== userId);
  }
}
