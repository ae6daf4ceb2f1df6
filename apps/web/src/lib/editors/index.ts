import type { TaskType } from '@concord/annotation-doc';
import type { Component } from 'svelte';
import type { EditorProps } from './shared/types.ts';

/** Where each task type's editor lives (the editor contract: `<type>/<Type>Editor.svelte`). */
export const editorModules: Record<TaskType, string> = {
  instruction: './instruction/InstructionEditor.svelte',
  preference: './preference/PreferenceEditor.svelte',
  alignment: './alignment/AlignmentEditor.svelte',
};

// Each editor is its own chunk, loaded when a document of its type opens.
const editors = import.meta.glob<{ default: Component<EditorProps> }>('./*/*Editor.svelte');

/**
 * The editor component of a task type, or null when this build has none for it (the page then
 * falls back to the caption editor, which every alignment-like document can use).
 *
 * @example const Editor = await loadEditor(detail.taskType);
 */
export async function loadEditor(taskType: TaskType): Promise<Component<EditorProps> | null> {
  const load = editors[editorModules[taskType]];
  return load ? (await load()).default : null;
}
