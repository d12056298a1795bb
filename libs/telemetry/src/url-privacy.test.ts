import { describe, expect, it } from 'vitest';
import { clientUrlAttributes, redactedClientUrl, redactedQuery, serverUrlAttributes } from './url-privacy.js';

describe('what spans keep of a URL', () => {
  it('a server span: no path until routed, the names of its query parameters, never their values', () => {
    expect(serverUrlAttributes('/api/public/history/tok?session=s3cr3t&limit=5')).toEqual({
      'url.path': '/REDACTED',
      'url.query': 'session=REDACTED&limit=REDACTED',
    });
    expect(serverUrlAttributes('/api/public/events/tok?session=a&session=b&flag')).toMatchObject({ 'url.query': 'session=REDACTED&flag=REDACTED' });
    expect(serverUrlAttributes('/c/tok')).toEqual({ 'url.path': '/REDACTED' });
    expect(serverUrlAttributes('/?x=1')).toEqual({ 'url.path': '/', 'url.query': 'x=REDACTED' });
    expect(serverUrlAttributes(undefined)).toEqual({ 'url.path': '/' });
    expect(redactedQuery('')).toBe('');
  });

  it('a client span: the origin it called, the rest REDACTED', () => {
    expect(redactedClientUrl('https://hooks.slack.com/services/T000/B000/XXXXXXXX')).toBe('https://hooks.slack.com/REDACTED');
    expect(redactedClientUrl('https://api.openai.com/v1/chat/completions')).toBe('https://api.openai.com/REDACTED');
    expect(redactedClientUrl('http://10.0.0.5:8000/?key=abc')).toBe('http://10.0.0.5:8000/REDACTED');
    expect(redactedClientUrl('http://10.0.0.5:8000/')).toBe('http://10.0.0.5:8000/');
    expect(redactedClientUrl('not a url')).toBe('REDACTED');
    expect(clientUrlAttributes('http://127.0.0.1:4000/v1/chat/completions?api-version=1')).toEqual({
      'url.full': 'http://127.0.0.1:4000/REDACTED',
      'url.path': '/REDACTED',
      'url.query': '',
    });
  });
});
