import { describe, expect, it } from 'vitest';
import { parseCsv } from '../routes/management/exports/csv-export.test-kit.js';
import { type CsvColumn, csvDocument, csvField, csvRecord } from './csv-writer.js';

describe('csv writer', () => {
  it('leaves plain text, numbers and booleans as they are and empties null', () => {
    expect(csvRecord(['plain', 42, -0.5, true, null, undefined, ''])).toBe('plain,42,-0.5,true,,,\r\n');
  });

  it('quotes a field with a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('writes a text that a spreadsheet would run as a formula after a single quote', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe(`"'\tcmd"`);
    expect(csvField('\rcmd')).toBe(`"'\rcmd"`);
    // Only where a cell could start: inside a piece of text the same characters are harmless.
    expect(csvField('a=b-c')).toBe('a=b-c');
  });

  it('quotes a field with a semicolon or a tab, the separators of other spreadsheets', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('a\tb')).toBe('"a\tb"');
  });

  it('guards every piece that a spreadsheet splitting at ;, comma, tab or a line break would make a cell of', () => {
    // Excel in German, French, Spanish, Italian or Dutch splits at `;` and honours a quote only at
    // the start of its own cell: `x;=1+1` would be a cell `=1+1` there, quoted or not.
    expect(csvField('x;=1+1')).toBe(`"x;'=1+1"`);
    expect(csvField('x\t=1+1')).toBe(`"x\t'=1+1"`);
    expect(csvField('x,@SUM(A1)')).toBe(`"x,'@SUM(A1)"`);
    expect(csvField('hi\n+1+1\r\n-2+3')).toBe(`"hi\n'+1+1\r\n'-2+3"`);
    // Spaces or a quote before the formula do not save it: some readers trim them.
    expect(csvField('x; =1+1')).toBe(`"x;' =1+1"`);
    expect(csvField('x;"=1+1"')).toBe(`"x;'""=1+1"""`);
    expect(csvField(' =1')).toBe("' =1");
    // Several cells in a row, each guarded.
    expect(csvField('a;=1;b;@c')).toBe(`"a;'=1;b;'@c"`);
    // Pieces that are not formulas are left as written.
    expect(csvField('Mon;Tue, Wed\tThu')).toBe('"Mon;Tue, Wed\tThu"');
    expect(csvField('a;b=c-d')).toBe('"a;b=c-d"');
  });

  it('guards the attack strings and leaves ordinary text and numbers alone', () => {
    expect(csvRecord(['x;=1+1', 'x\t=1+1', '=1+1', '@SUM(A1)', '-2+3', 'Hello there', 'Grüße aus Köln', 42, -0.5, '17'])).toBe(
      `"x;'=1+1","x\t'=1+1",'=1+1,'@SUM(A1),'-2+3,Hello there,Grüße aus Köln,42,-0.5,17\r\n`,
    );
  });

  it('writes what an RFC 4180 reader reads back as the guarded text', () => {
    const values = ['x;=1+1', 'x\t=1+1', '=1+1', '@SUM(A1)', '-2+3', 'say "hi", then; go', 'plain', 'two\nlines'];
    expect(parseCsv(csvRecord(values))).toEqual([["x;'=1+1", "x\t'=1+1", "'=1+1", "'@SUM(A1)", "'-2+3", 'say "hi", then; go', 'plain', 'two\nlines']]);
  });

  it('never writes NUL, even when removing it bares a formula', () => {
    expect(csvField('a\0b')).toBe('ab');
    expect(csvField('\0=1')).toBe("'=1");
  });

  it('writes infinities and NaN as empty cells', () => {
    expect(csvRecord([Number.NaN, Number.POSITIVE_INFINITY])).toBe(',\r\n');
  });

  it('streams a header and then one piece per non-empty page', async () => {
    const columns: CsvColumn<{ n: number; s: string }>[] = [
      { header: 'n', value: (row) => row.n },
      { header: 's', value: (row) => row.s },
    ];
    async function* pages() {
      yield [{ n: 1, s: 'x' }];
      yield [];
      yield [
        { n: 2, s: 'y,z' },
        { n: 3, s: '' },
      ];
    }
    const pieces: string[] = [];
    for await (const piece of csvDocument(columns, pages())) pieces.push(piece);
    expect(pieces).toEqual(['n,s\r\n', '1,x\r\n', '2,"y,z"\r\n3,\r\n']);
  });

  it('asks for the next page only when the reader took the last one (one page held at a time)', async () => {
    const asked: number[] = [];
    async function* pages() {
      for (let page = 0; page < 3; page += 1) {
        asked.push(page);
        yield [{ n: page }];
      }
    }
    const document = csvDocument([{ header: 'n', value: (row: { n: number }) => row.n }], pages());
    expect((await document.next()).value).toBe('n\r\n');
    expect(asked).toEqual([]);
    expect((await document.next()).value).toBe('0\r\n');
    expect(asked).toEqual([0]);
    expect((await document.next()).value).toBe('1\r\n');
    expect(asked).toEqual([0, 1]);
  });
});
