import { pathToFileURL } from 'node:url';

/**
 * Where the app's own pages live: the built renderer folder (file://) or, unpackaged, the Vite dev server.
 * Everything the window may navigate to, and every frame allowed to call IPC, must be inside it.
 */
export type AppLocation = { kind: 'file'; rendererDir: string } | { kind: 'dev'; origin: string };

/** True only for URLs of the app itself. Anything unparsable is foreign. */
export function isAppUrl(url: string, location: AppLocation): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (location.kind === 'dev') return u.origin === location.origin;
  // file:// pages share the opaque "null" origin, so an origin check would admit every file on disk;
  // compare paths against the renderer folder instead. URL parsing has already resolved `..` and `%2e%2e`,
  // and a host would mean a UNC share, never our install.
  if (u.protocol !== 'file:' || u.host !== '') return false;
  const root = pathToFileURL(location.rendererDir).pathname.replace(/\/?$/, '/');
  return u.pathname.startsWith(root);
}

/** `setWindowOpenHandler`: the app never opens windows; links to the outside are not followed either. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * The only permission any page gets is writing to the clipboard (copying a case number for the hotline),
 * and only the app's own pages get it. Camera, geolocation, notifications, … are never needed at a counter.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, location: AppLocation): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl, location);
}

/**
 * The dev server URL from YIZHAN_DEV_URL, honoured only in an unpackaged build and only on loopback: a
 * packaged app must never be pointed at another page by an environment variable.
 */
export function devServerOrigin(value: string | undefined, packaged: boolean): string | undefined {
  if (packaged || !value) return undefined;
  try {
    const u = new URL(value);
    const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
    return u.protocol === 'http:' && loopback ? u.origin : undefined;
  } catch {
    return undefined;
  }
}
