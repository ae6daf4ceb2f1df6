import { revealField } from '../editors/shared/problem-target.ts';

/**
 * Shows a field of the page's editor (`[data-testid="editor"]`, else `root`). Workflow bars sit above
 * the editor and carry `data-path` themselves, so a document-wide search would find them first.
 * @example revealInEditor(document, 'judgement.strength')
 */
export function revealInEditor(root: Pick<Document, 'querySelector'>, path: string): boolean {
  const editor = root.querySelector('[data-testid="editor"]');
  return revealField(editor ?? root, path);
}
