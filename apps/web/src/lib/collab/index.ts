// The live-document layer of the web client: connection state, presence, cursors and the editor.
export {
  type ConnectionEvent,
  type ConnectionState,
  type ConnectionStatus,
  initialConnectionState,
  isTerminalStatus,
  reduceConnection,
  statusAfterClose,
} from './connection-state.ts';
export { connectionLabel } from './connection-label.ts';
export { colorFor, type CursorRange, initials, maxNameLength, type Peer, peersFromStates } from './presence.ts';
export { applyChange, diffText, type TextChange } from './text-diff.ts';
export {
  type CursorJSON,
  type RelativeSelection,
  resolveCursor,
  selectionFromJSON,
  selectionToJSON,
  toAbsoluteSelection,
  toRelativeSelection,
} from './cursor.ts';
export { type OverlayCaret, type OverlayPart, type OverlayText, overlayParts } from './overlay-parts.ts';
export { TextareaBinding, type TextareaBindingOptions, type TextareaLike } from './textarea-binding.ts';
export { captionTextName, DocumentSession, type DocumentSessionOptions } from './document-session.svelte.ts';
export { flushToServer, type FlushableProvider } from './flush.ts';
export { default as CaptionEditor } from './CaptionEditor.svelte';
export { default as ConnectionBadge } from './ConnectionBadge.svelte';
export { default as PeerList } from './PeerList.svelte';
