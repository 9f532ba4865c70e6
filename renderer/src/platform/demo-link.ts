/**
 * The `npm start` demo link: the local district server's URL, its demo hall and a one-time enrolment code, carried
 * in the URL fragment (which a browser never sends to any server). Only loopback servers are accepted, so a link
 * from elsewhere cannot point a workstation at a foreign server.
 */
export type DemoLink = { district: string; hallCode: string; enrollCode: string };

export function parseDemoLink(hash: string): DemoLink | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const district = params.get('demo-district');
  const hallCode = params.get('demo-hall');
  const enrollCode = params.get('demo-enroll');
  if (!district || !hallCode || !enrollCode) return null;
  let url: URL;
  try {
    url = new URL(district);
  } catch {
    return null;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'http:' || !loopback) return null;
  return { district: url.origin, hallCode, enrollCode };
}

/** The demo link of this page, if it was opened with one. */
export function currentDemoLink(): DemoLink | null {
  return typeof location === 'undefined' ? null : parseDemoLink(location.hash);
}
