/**
 * The renderer's Content-Security-Policy, in two deliveries:
 *
 * - `header`: main adds it to every response of the app session (index.ts, `onHeadersReceived`). It is the
 *   complete policy and includes `connect-src` for the district server, whose origin is known only at run time.
 * - `meta`: the renderer build puts it in index.html (vite.config.ts), because Electron's documentation says
 *   headers cannot be set on `file://` loads. A page enforces every policy it receives, so the meta must not
 *   forbid what the header allows: it leaves out `default-src` and `connect-src` (the district origin is not
 *   known at build time) and `frame-ancestors` (ignored in a meta tag). Script, object, base and style rules
 *   are in both, so even with only the meta an injected string cannot run as code.
 *
 * `style-src` allows 'unsafe-inline' because Vite's dev server injects CSS as <style> elements and React
 * components and print views set inline style attributes. Inline CSS cannot execute script, and the CSS
 * exfiltration tricks (attribute selectors with url()) need a foreign origin that img-src, font-src and
 * connect-src do not allow.
 */
export interface CspOptions {
  delivery: 'header' | 'meta';
  /** Origin of the configured district sync server, e.g. `https://yz.district.gov.cn:8443`. */
  districtOrigin?: string | undefined;
  /** Vite dev server origin. Dev only: allows its inline React-refresh preamble and HMR websocket. */
  devServerOrigin?: string | undefined;
}

export function buildCsp(opts: CspOptions): string {
  const dev = opts.devServerOrigin;
  const directives: [string, string[]][] = [];
  if (opts.delivery === 'header') {
    directives.push(['default-src', ["'self'"]]);
    const connect = ["'self'"];
    if (opts.districtOrigin) connect.push(opts.districtOrigin);
    if (dev) connect.push(dev, dev.replace(/^http/, 'ws'));
    directives.push(['connect-src', connect]);
  }
  directives.push(
    ['script-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    // The sync engine runs in a Web Worker built as a separate file by Vite.
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  );
  if (opts.delivery === 'header') directives.push(['frame-ancestors', ["'none'"]]);
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * The origin of a configured server URL, or undefined when it is missing or not http(s). A malformed value
 * must not widen the policy, so anything that is not a plain http(s) origin is dropped rather than echoed.
 */
export function serverOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Adds (or replaces) the Content-Security-Policy in a response's headers, whatever case the server used. */
export function withCspHeader(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}
