/**
 * The sign-in page's address, remembering where to go afterwards.
 * @example signInPath('/projects/prj_x') // '/signin?next=%2Fprojects%2Fprj_x'
 */
export function signInPath(next?: string | null): string {
  const target = safeNext(next);
  return target && target !== '/' && !target.startsWith('/signin') ? `/signin?next=${encodeURIComponent(target)}` : '/signin';
}

/**
 * A `next` parameter reduced to a same-origin path, or null. Absolute URLs, protocol-relative
 * `//host` and backslash tricks are refused so the sign-in page cannot be used as an open redirect.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f]/.test(next)) return null;
  return next;
}

/** Path plus query of a URL, as a `next` value. */
export function currentPath(url: Pick<URL, 'pathname' | 'search'>): string {
  return `${url.pathname}${url.search}`;
}
