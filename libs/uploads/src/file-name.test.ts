import { describe, expect, it } from 'vitest';
import { fileNameForType } from './file-name.js';

describe('a file name that agrees with the type judged from its bytes', () => {
  it('text keeps only .txt: a script, a batch file or a spreadsheet name gets .txt added', () => {
    expect(fileNameForType('invoice.bat', 'text/plain')).toBe('invoice.bat.txt');
    expect(fileNameForType('invoice.js', 'text/plain')).toBe('invoice.js.txt');
    expect(fileNameForType('run.ps1', 'text/plain')).toBe('run.ps1.txt');
    expect(fileNameForType('data.csv', 'text/plain')).toBe('data.csv.txt');
    expect(fileNameForType('README', 'text/plain')).toBe('README.txt');
    expect(fileNameForType('.bashrc', 'text/plain')).toBe('.bashrc.txt');
    expect(fileNameForType('notes.txt', 'text/plain')).toBe('notes.txt');
    expect(fileNameForType('NOTES.TXT', 'text/plain')).toBe('NOTES.TXT');
  });

  it('images and PDFs get the extension of their type unless they have it', () => {
    expect(fileNameForType('photo.exe', 'image/png')).toBe('photo.exe.png');
    expect(fileNameForType('photo.png', 'image/jpeg')).toBe('photo.png.jpg');
    expect(fileNameForType('Photo.JPEG', 'image/jpeg')).toBe('Photo.JPEG');
    expect(fileNameForType('shot.jpg', 'image/jpeg')).toBe('shot.jpg');
    expect(fileNameForType('sticker', 'image/webp')).toBe('sticker.webp');
    expect(fileNameForType('funny.gif', 'image/gif')).toBe('funny.gif');
    expect(fileNameForType('Rechnung März.pdf', 'application/pdf')).toBe('Rechnung März.pdf');
    expect(fileNameForType('Rechnung.pdf.scr', 'application/pdf')).toBe('Rechnung.pdf.scr.pdf');
    expect(fileNameForType('report.docm', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('report.docm.docx');
  });

  it('a type it does not know gets .bin; applying it twice changes nothing; the name stays within 255 characters', () => {
    expect(fileNameForType('tool.exe', 'application/x-msdownload')).toBe('tool.exe.bin');
    for (const [name, type] of [
      ['invoice.bat', 'text/plain'],
      ['photo.exe', 'image/png'],
    ] as const) {
      const once = fileNameForType(name, type);
      expect(fileNameForType(once, type)).toBe(once);
    }
    const long = `${'ä'.repeat(254)}.bat`;
    const named = fileNameForType(long, 'text/plain');
    expect(Array.from(named)).toHaveLength(255);
    expect(named.endsWith('.txt')).toBe(true);
  });
});
