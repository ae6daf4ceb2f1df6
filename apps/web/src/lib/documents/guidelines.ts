/** The guidelines link if it is a web address (http or https); anything else is not linked. */
export function safeLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const storageKey = (projectId: string) => `concord.guidelines.${projectId}`;

/** Whether the user left the project's guidelines open (default: open, so new annotators see them). */
export function guidelinesOpen(projectId: string, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): boolean {
  try {
    return storage?.getItem(storageKey(projectId)) !== 'closed';
  } catch {
    return true;
  }
}

/** Remembers whether the guidelines are open, per project, on this device. */
export function rememberGuidelinesOpen(projectId: string, open: boolean, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(storageKey(projectId), open ? 'open' : 'closed');
  } catch {
    // Private mode or full storage: the panel simply opens again next time.
  }
}
