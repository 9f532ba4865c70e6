import { describe, expect, it } from 'vitest';
import { parseDemoLink } from './demo-link';

describe('parseDemoLink', () => {
  it('reads the district server, hall and code that npm start puts in the fragment', () => {
    expect(parseDemoLink('#demo-district=http%3A%2F%2F127.0.0.1%3A8730&demo-hall=DEMO01&demo-enroll=ABCD-EFGH')).toEqual({
      district: 'http://127.0.0.1:8730',
      hallCode: 'DEMO01',
      enrollCode: 'ABCD-EFGH',
    });
  });

  it('ignores a link to a server that is not on this machine', () => {
    expect(parseDemoLink('#demo-district=http%3A%2F%2F10.0.0.5%3A8730&demo-hall=DEMO01&demo-enroll=X')).toBeNull();
    expect(parseDemoLink('#demo-district=https%3A%2F%2Fevil.example&demo-hall=DEMO01&demo-enroll=X')).toBeNull();
  });

  it('is absent when any part is missing or malformed', () => {
    expect(parseDemoLink('')).toBeNull();
    expect(parseDemoLink('#demo-district=http%3A%2F%2F127.0.0.1%3A8730&demo-hall=DEMO01')).toBeNull();
    expect(parseDemoLink('#demo-district=not-a-url&demo-hall=DEMO01&demo-enroll=X')).toBeNull();
  });
});
