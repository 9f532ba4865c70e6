import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { devServerOrigin, isAppUrl, isPermissionAllowed, windowOpenDecision, type AppLocation } from './navigation';

const rendererDir = '/opt/Yizhan/resources/app.asar/dist/renderer';
const file: AppLocation = { kind: 'file', rendererDir };
const index = pathToFileURL(`${rendererDir}/index.html`).href;
const dev: AppLocation = { kind: 'dev', origin: 'http://localhost:5173' };

describe('isAppUrl (file build)', () => {
  it('accepts the renderer folder, with hash routes and queries', () => {
    expect(isAppUrl(index, file)).toBe(true);
    expect(isAppUrl(`${index}#/cases/123`, file)).toBe(true);
    expect(isAppUrl(pathToFileURL(`${rendererDir}/assets/worker-abc.js`).href, file)).toBe(true);
  });

  it('refuses other files on disk, including by traversal', () => {
    expect(isAppUrl('file:///etc/passwd', file)).toBe(false);
    expect(isAppUrl(`file://${rendererDir}/../../secrets/district-credential.bin`, file)).toBe(false);
    expect(isAppUrl(`file://${rendererDir}/%2e%2e/%2e%2e/x.html`, file)).toBe(false);
    // A sibling folder whose name merely starts with the renderer folder's name.
    expect(isAppUrl(`file://${rendererDir}-evil/index.html`, file)).toBe(false);
  });

  it('refuses UNC hosts, other schemes and junk', () => {
    expect(isAppUrl(`file://attacker-host${rendererDir}/index.html`, file)).toBe(false);
    for (const url of ['https://example.com/', 'http://localhost:5173/', 'javascript:alert(1)', 'data:text/html,x', 'about:blank', '', 'not a url']) {
      expect(isAppUrl(url, file), url).toBe(false);
    }
  });
});

describe('isAppUrl (dev server)', () => {
  it('accepts only the dev origin', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://localhost.evil.com:5173/', dev)).toBe(false);
    expect(isAppUrl(index, dev)).toBe(false);
  });
});

describe('window.open and permissions', () => {
  it('denies every window.open', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });

  it('allows only clipboard writes, and only for the app', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', index, file)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://example.com/', file)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(isPermissionAllowed(p, index, file), p).toBe(false);
    }
  });
});

describe('devServerOrigin', () => {
  it('honours a loopback http dev URL in an unpackaged build', () => {
    expect(devServerOrigin('http://localhost:5173/', false)).toBe('http://localhost:5173');
    expect(devServerOrigin('http://127.0.0.1:4000', false)).toBe('http://127.0.0.1:4000');
  });

  it('ignores it when packaged, remote, or not http', () => {
    expect(devServerOrigin('http://localhost:5173/', true)).toBeUndefined();
    expect(devServerOrigin('http://evil.example:5173/', false)).toBeUndefined();
    expect(devServerOrigin('https://localhost:5173/', false)).toBeUndefined();
    expect(devServerOrigin('file:///tmp/index.html', false)).toBeUndefined();
    expect(devServerOrigin(undefined, false)).toBeUndefined();
  });
});
