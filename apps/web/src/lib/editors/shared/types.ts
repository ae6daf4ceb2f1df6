import type { FieldProvenance, ProjectConfig } from '@concord/annotation-doc';
import type { DocumentSession } from '$lib/collab';

/**
 * Loads media bytes with the session's credentials and hands out object URLs for `<img>`/`<audio>`.
 * URLs stay valid until `destroy()` (the document page calls it when it goes away).
 */
export interface MediaLoader {
  /** An object URL of the media's bytes; rejects with a readable message when it cannot be loaded. */
  url(mediaId: string): Promise<string>;
  /** The same, with the bytes' content type (`image/png`, `audio/mpeg` …) for choosing how to show them. */
  load(mediaId: string): Promise<LoadedMedia>;
  /** Revokes every URL handed out and stops loads in flight. */
  destroy(): void;
}

/** A loaded media file. */
export interface LoadedMedia {
  url: string;
  contentType: string;
}

/** The local user, as the editors see them. */
export interface EditorUser {
  id: string;
  name: string;
}

/** Props every task editor takes (the editor contract; the document page passes them). */
export interface EditorProps {
  /** Live document and awareness. */
  session: DocumentSession;
  /** The configuration version this document was made under. */
  config: ProjectConfig;
  /** Viewers: everything visible, nothing editable. */
  readOnly: boolean;
  self: EditorUser;
  media: MediaLoader;
  /** Live provenance per field path (see the annotation-doc SPEC), computed by the page. */
  provenance: Record<string, FieldProvenance>;
}
