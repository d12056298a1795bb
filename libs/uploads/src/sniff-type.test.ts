import { describe, expect, it } from 'vitest';
import { samplePdf, samplePng, sampleJpeg, sampleWebp } from '../test/sample-files.js';
import { SNIFF_BYTES, sniffType } from './sniff-type.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('sniffType', () => {
  it('recognises images and PDF by their bytes', async () => {
    expect(await sniffType(samplePng())).toBe('image/png');
    expect(await sniffType(sampleJpeg())).toBe('image/jpeg');
    expect(await sniffType(sampleWebp())).toBe('image/webp');
    expect(await sniffType(samplePdf())).toBe('application/pdf');
  });

  it('judges from the head alone', async () => {
    const png = Buffer.concat([samplePng(), Buffer.alloc(100_000, 7)]);
    expect(await sniffType(png.subarray(0, SNIFF_BYTES))).toBe('image/png');
  });

  it('takes valid UTF-8 without NUL bytes for plain text', async () => {
    expect(await sniffType(utf8('Order 1234 arrived damaged.\nPhoto attached separately.\n'))).toBe('text/plain');
    expect(await sniffType(utf8('Grüße aus Köln – 東京 – 🚲'))).toBe('text/plain');
    expect(await sniffType(utf8('\uFEFFwith a byte-order mark'))).toBe('text/plain');
    expect(await sniffType(utf8('a < b and 3 <4, <3'))).toBe('text/plain');
  });

  it('takes text whose head ends inside a multi-byte character', async () => {
    const text = utf8(`${'x'.repeat(SNIFF_BYTES - 1)}€ and more`);
    expect(await sniffType(text.subarray(0, SNIFF_BYTES))).toBe('text/plain');
  });

  it('knows nothing of invalid UTF-8, NUL bytes, unknown binary or no bytes at all', async () => {
    expect(await sniffType(Buffer.from([0x48, 0x69, 0xc3, 0x28, 0x21]))).toBeUndefined();
    expect(await sniffType(Buffer.from('text\u0000with a NUL', 'utf8'))).toBeUndefined();
    expect(await sniffType(Buffer.from([0x01, 0x02, 0x03, 0xfe, 0xff, 0x80, 0x81]))).toBeUndefined();
    expect(await sniffType(new Uint8Array(0))).toBeUndefined();
  });

  it('calls markup markup, however it starts', async () => {
    const html = [
      '<!DOCTYPE html><html><body><script>alert(document.cookie)</script>',
      '<html><body>hi</body></html>',
      '  \n\t<HTML>',
      '\uFEFF<!doctype HTML>',
      '\uFEFF \r\n<script>fetch("/api")</script>',
      '<ScRiPt src=//evil.example/x.js></script>',
      '<!-- a comment first --><html>',
      '<iframe src="https://evil.example"></iframe>',
      '<body onload=alert(1)>',
      '<img src=x onerror=alert(1)>',
    ];
    for (const text of html) expect(await sniffType(utf8(text)), text).toBe('text/html');

    const svg = [
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      '\n  <SVG>',
      '<svg\nxmlns="http://www.w3.org/2000/svg">',
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg>',
    ];
    for (const text of svg) expect(await sniffType(utf8(text)), text).toBe('image/svg+xml');

    for (const text of ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', '\uFEFF <?XML version="1.0"?>']) {
      expect(await sniffType(utf8(text)), text).toBe('application/xml');
    }
  });
});
