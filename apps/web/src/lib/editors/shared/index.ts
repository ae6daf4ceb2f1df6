// Shared editor infrastructure: the editor contract, per-user undo, focus awareness, fields and badges.
export type { EditorProps, EditorUser, LoadedMedia, MediaLoader } from './types.ts';
export { onUndoKeys, type UndoKeyEvent, UndoScope, type UndoScopeOptions, undoShortcutLabels } from './undo.svelte.ts';
export { clearFocus, type Focus, focusField, focusOf, livePeersByFocus, peersByFocus, selfUserId, setFocus } from './focus.ts';
export { createMediaLoader, type MediaLoaderOptions } from './media.ts';
export { provenanceLabel, type ProvenanceLabel } from './provenance-label.ts';
export { pathCandidates, pathSelector, revealField } from './problem-target.ts';
export { default as TextField } from './TextField.svelte';
export { default as ProvenanceBadge } from './ProvenanceBadge.svelte';
export { default as ProblemList } from './ProblemList.svelte';
export { default as FocusMarkers } from './FocusMarkers.svelte';
