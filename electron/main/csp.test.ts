import { describe, expect, it } from 'vitest';
import { buildCsp, serverOrigin, withCspHeader } from './csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('buildCsp', () => {
  it('header: strict policy with the district server as the only extra origin', () => {
    const d = directives(buildCsp({ delivery: 'header', districtOrigin: 'https://yz.example.gov.cn:8443' }));
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('connect-src')).toEqual(["'self'", 'https://yz.example.gov.cn:8443']);
    expect(d.get('font-src')).toEqual(["'self'", 'data:']);
    expect(d.get('img-src')).toEqual(["'self'", 'data:']);
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('never allows eval or inline script outside dev', () => {
    const policy = buildCsp({ delivery: 'header', districtOrigin: 'https://a.example' });
    expect(policy).not.toContain('unsafe-eval');
    expect(directives(policy).get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('header without a district server connects only to itself', () => {
    expect(directives(buildCsp({ delivery: 'header' })).get('connect-src')).toEqual(["'self'"]);
  });

  it('meta: leaves run-time and header-only directives to the header', () => {
    const d = directives(buildCsp({ delivery: 'meta' }));
    expect(d.has('frame-ancestors')).toBe(false);
    expect(d.has('connect-src')).toBe(false);
    // A meta default-src would fall back onto connect-src and block the district server the header allows.
    expect(d.has('default-src')).toBe(false);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
  });

  it('dev: admits the dev server and its websocket, and inline script for React refresh', () => {
    const d = directives(buildCsp({ delivery: 'header', devServerOrigin: 'http://localhost:5173' }));
    expect(d.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(d.get('script-src')).toContain("'unsafe-inline'");
  });
});

describe('serverOrigin', () => {
  it('reduces a configured URL to its origin', () => {
    expect(serverOrigin('https://yz.example.gov.cn:8443/api/sync?x=1')).toBe('https://yz.example.gov.cn:8443');
    expect(serverOrigin('http://10.1.2.3:3000')).toBe('http://10.1.2.3:3000');
  });

  it('drops anything that is not plain http(s), so it cannot widen the policy', () => {
    for (const bad of [undefined, '', 'not a url', 'javascript:alert(1)', 'file:///etc', 'ws://x', "https://a.example; script-src *"]) {
      const origin = serverOrigin(bad);
      expect(origin === undefined || /^https?:\/\/[^\s;]+$/.test(origin), String(bad)).toBe(true);
    }
    expect(serverOrigin('javascript:alert(1)')).toBeUndefined();
    expect(serverOrigin('file:///etc')).toBeUndefined();
  });
});

describe('withCspHeader', () => {
  it('replaces any existing policy header whatever its case, keeping the rest', () => {
    const out = withCspHeader({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }, "default-src 'self'");
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
  });

  it('works when the response had no headers', () => {
    expect(withCspHeader(undefined, 'p')).toEqual({ 'Content-Security-Policy': ['p'] });
  });
});
