import { defaultConfig, provenanceOf, readDoc, type InstructionDoc } from '@concord/annotation-doc';
import { createDoc } from '@concord/annotation-doc/testing';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { DocumentSession } from '$lib/collab/document-session.svelte.ts';
import type { MediaLoader } from '../shared/types.ts';
import InstructionEditor from './InstructionEditor.svelte';

const xss = '<img src=x onerror=alert(1)>';
const media: MediaLoader = { url: () => new Promise(() => {}), load: () => new Promise(() => {}), destroy() {} };

function sessionOf(doc: Y.Doc): DocumentSession {
  const awareness = new Awareness(doc);
  awareness.setLocalStateField('user', { id: 'usr_me', name: 'Me', color: '#000000' });
  return { doc, awareness, peers: [], text: doc.getText('caption'), setSelection() {} } as unknown as DocumentSession;
}

function renderEditor(doc: Y.Doc, readOnly = false) {
  const provenance = provenanceOf(doc, (clientId) => (clientId === doc.clientID ? { kind: 'model', modelId: 'vlm' } : { kind: 'source' }));
  return render(InstructionEditor, {
    props: { session: sessionOf(doc), config: defaultConfig('instruction'), readOnly, self: { id: 'usr_me', name: 'Me' }, media, provenance },
  }).body;
}

describe('InstructionEditor', () => {
  it('shows each turn with its role, text field, path and provenance; user text is never markup', () => {
    const doc = createDoc('instruction', { prelabel: { modelId: 'vlm', turns: [{ role: 'assistant', text: xss }], style: 'question' } });
    const body = renderEditor(doc);
    expect(body.match(/data-testid="turn"/g)).toHaveLength(2);
    // Paths name turns by id, as validate and provenanceOf do.
    const [user, assistant] = (readDoc(doc) as InstructionDoc).turns;
    expect(body).toMatch(new RegExp(`data-testid="turn"[^>]*data-role="user"[^>]*data-path="turns.${user!.id}"`));
    expect(body).toMatch(new RegExp(`data-testid="turn"[^>]*data-role="assistant"[^>]*data-path="turns.${assistant!.id}"`));
    expect(body).toContain(`data-path="turns.${assistant!.id}.text"`);
    expect(body).toContain('data-kind="model_generated"');
    expect(body).not.toContain('<img src=x');
    // Role selects, move/remove buttons with accessible names, add turn, style select and the help line.
    expect(body).toContain('aria-label="Move turn 2 up"');
    expect(body).toContain('aria-label="Remove turn 1"');
    expect(body).toContain('data-testid="add-turn"');
    expect(body).toMatch(/<select[^>]*data-testid="instruction-style"/);
    expect(body).toMatch(/<option value="question" selected[^>]*>Question<\/option>/);
    expect(body).toContain('data-testid="shortcut-hint"');
    // The image of the user turn is shown with it, sized before it loads.
    expect(body).toMatch(/data-testid="media-image"[^>]*data-media-id="med_photo"[^>]*aspect-ratio: 640 \/ 480/);
    // No audio: no transcript, no summary.
    expect(body).not.toContain('data-testid="audio-panel"');
    expect(body).not.toContain('data-testid="summary"');
  });

  it('read-only: everything visible, nothing editable', () => {
    const doc = createDoc('instruction', { prelabel: { modelId: 'vlm', turns: [{ role: 'assistant', text: 'x' }] } });
    const body = renderEditor(doc, true);
    expect(body.match(/<textarea[^>]*readonly/g)).toHaveLength(2);
    expect(body).not.toContain('data-testid="add-turn"');
    expect(body).not.toContain('data-testid="turn-remove"');
    expect(body).not.toContain('data-testid="undo"');
    expect(body).toMatch(/<select[^>]*data-testid="turn-role"[^>]*disabled/);
  });

  it('audio items get the player, the transcript with timing controls, and the summary', () => {
    const doc = createDoc('instruction', {
      prelabel: { modelId: 'asr', transcript: [{ start: 0.5, end: 2, speaker: xss, text: 'Hello' }], summary: 'A greeting' },
    });
    // The sample item has an image; make its medium audio for this test.
    const mediaArray = doc.getArray<unknown>('media');
    doc.transact(() => {
      mediaArray.delete(0, mediaArray.length);
      mediaArray.push([{ kind: 'audio', mediaId: 'med_talk' }]);
    });
    expect(readDoc(doc).taskType).toBe('instruction');
    const body = renderEditor(doc);
    expect(body).toContain('data-testid="audio-panel"');
    expect(body.match(/data-testid="segment"/g)).toHaveLength(1);
    expect(body).toMatch(/<input[^>]*value="0.5"[^>]*data-testid="segment-start"/);
    expect(body).toMatch(/<input[^>]*value="2"[^>]*data-testid="segment-end"/);
    expect(body).toContain('aria-label="Set start of segment 1 from the playhead"');
    expect(body).toContain('aria-label="Play from segment 1"');
    expect(body).toContain('data-testid="summary"');
    expect(body).not.toContain('<img src=x');
  });
});
