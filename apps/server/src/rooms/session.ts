/**
 * What a room knows of a connection: never the socket itself (STYLE 2), so unit tests pass fakes.
 */
export interface RoomSession {
  /** Unique per connection. */
  readonly id: string;
  readonly userId: string;
  readonly userName: string;
  /** Read-only sessions get content and presence; their document updates are dropped. */
  readOnly: boolean;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}
