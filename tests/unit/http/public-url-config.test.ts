// Issue 9: links in alerts used PUBLIC_URL's default http://localhost:8080 whatever the port the
// API listened on. Without PUBLIC_URL, the default is the address the API listens on.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';

function publicUrl(env: Record<string, string>): string {
  const parsed = parseConfig({ LOG_LEVEL: 'silent', ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.config.PUBLIC_URL;
}

describe('PUBLIC_URL', () => {
  it('defaults to localhost on the port the API listens on', () => {
    expect(publicUrl({})).toBe('http://localhost:8080');
    expect(publicUrl({ PORT: '9123' })).toBe('http://localhost:9123');
    expect(publicUrl({ PORT: '9123', HOST: '::' })).toBe('http://localhost:9123');
  });

  it('names a host the API is bound to', () => {
    expect(publicUrl({ PORT: '8081', HOST: '127.0.0.1' })).toBe('http://127.0.0.1:8081');
    expect(publicUrl({ PORT: '8081', HOST: '::1' })).toBe('http://[::1]:8081');
    expect(publicUrl({ PORT: '8081', HOST: 'monitor.internal' })).toBe('http://monitor.internal:8081');
  });

  it('is what the operator set, when set', () => {
    expect(publicUrl({ PORT: '9123', PUBLIC_URL: 'https://modelwatch.example' })).toBe(
      'https://modelwatch.example',
    );
  });
});
