// Where a page may send someone after signing in: a path on this site, never another host.

/**
 * `target` as a same-origin path (path, query and fragment) under `appUrl`, or null. The target is parsed as a URL
 * the way browsers do, so `/\host`, `/%09/host` and `/\/host` — which browsers read as other hosts — are refused.
 */
export function sameOriginPath(target: string | null | undefined, appUrl: string): string | null {
  if (!target) return null;
  let base: URL;
  let url: URL;
  try {
    base = new URL(appUrl);
    url = new URL(target, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || url.username || url.password) return null;
  // A path that starts with two slashes would itself be read as another host when used as a link.
  if (url.pathname.startsWith('//')) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
