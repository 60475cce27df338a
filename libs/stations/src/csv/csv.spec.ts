import { CsvSyntaxError, parseCsv, toCsv, UTF8_BOM } from './csv';

describe('parseCsv (RFC 4180)', () => {
  it('reads plain records with CRLF, LF or CR line breaks', () => {
    expect(parseCsv('a,b\r\nc,d\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseCsv('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseCsv('a,b\rc,d\r')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c\n,,\n')).toEqual([['a', '', 'c'], ['', '', '']]);
    expect(parseCsv('a,\n')).toEqual([['a', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('"a,b","say ""hi""","line1\r\nline2"\r\nx,y,z')).toEqual([
      ['a,b', 'say "hi"', 'line1\r\nline2'],
      ['x', 'y', 'z'],
    ]);
    expect(parseCsv('"",x\n')).toEqual([['', 'x']]);
    expect(parseCsv('""')).toEqual([['']]);
  });

  it('drops a UTF-8 BOM and keeps Chinese text as is', () => {
    expect(parseCsv(`${UTF8_BOM}站点名称,类别\n望都商场服务站,商场\n`)).toEqual([['站点名称', '类别'], ['望都商场服务站', '商场']]);
  });

  it('keeps blank lines as records so record n is spreadsheet row n', () => {
    expect(parseCsv('h\n\nv\n')).toEqual([['h'], [''], ['v']]);
  });

  it('returns nothing for an empty text', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv(UTF8_BOM)).toEqual([]);
  });

  it('reports an unclosed quote with the row where it opened', () => {
    expect(() => parseCsv('a,b\n"open,c\nd')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\n"open,c\nd');
    } catch (e) {
      expect((e as CsvSyntaxError).record).toBe(2);
      expect((e as Error).message).toContain('引号未闭合');
    }
  });

  it('refuses text after a closing quote and a stray quote inside a field', () => {
    expect(() => parseCsv('"a"b,c')).toThrow(/引号结束后/);
    expect(() => parseCsv('ab"c,d')).toThrow(/未转义的引号/);
  });
});

describe('toCsv', () => {
  it('quotes only what needs quoting and ends every record with CRLF', () => {
    expect(toCsv([['a', 'b,c', 'd"e', 'f\ng', '']])).toBe('a,"b,c","d""e","f\ng",\r\n');
  });

  it('prefixes the BOM on request', () => {
    expect(toCsv([['站点']], { bom: true })).toBe(`${UTF8_BOM}站点\r\n`);
  });

  it('round-trips through parseCsv', () => {
    const records = [['编号', '名称', '备注'], ['1', '甲,乙', '他说"好"'], ['2', '', '多\r\n行']];
    expect(parseCsv(toCsv(records, { bom: true }))).toEqual(records);
  });
});
