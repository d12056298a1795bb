import { describe, expect, it } from 'vitest';
import { storedAs } from './sent-message';

describe('a visitor’s message as the platform stored it', () => {
  it('is the text sent, or that text with personal data taken out', () => {
    expect(storedAs('Is my bike ready?', 'Is my bike ready?')).toBe(true);
    expect(storedAs('Write to ana@example.com or call +1 415 555 0100', 'Write to [email] or call [phone]')).toBe(true);
    expect(storedAs('ana@example.com', '[email]')).toBe(true);
  });

  it('is not another message, nor a placeholder the visitor typed over other words', () => {
    expect(storedAs('Is my bike ready?', 'Is my car ready?')).toBe(false);
    expect(storedAs('Write to ana@example.com', 'Call [phone] today')).toBe(false);
    expect(storedAs('Write to me', 'Write to [email] please')).toBe(false);
    // Characters that mean something to a pattern are text here.
    expect(storedAs('Price (a+b)? ana@example.com', 'Price (a+b)? [email]')).toBe(true);
    expect(storedAs('Price ab ana@example.com', 'Price (a+b)? [email]')).toBe(false);
  });
});
