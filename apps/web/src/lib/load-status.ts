/** Where a page's data stands: still coming, shown, hidden from this user, or failed. */
export type LoadStatus = 'loading' | 'ready' | 'not-found' | 'error';
