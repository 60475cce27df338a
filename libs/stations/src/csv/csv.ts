/**
 * A small RFC 4180 reader and writer: fields separated by commas, records by CRLF (LF and a
 * lone CR are accepted on input), fields with commas, quotes or line breaks enclosed in
 * double quotes with inner quotes doubled. Enough for spreadsheet exports; no dialects.
 */

export const UTF8_BOM = '\uFEFF';

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based record number where the problem starts. */
    readonly record: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Parses `text` into records of fields. A leading BOM is dropped and a final line break does
 * not start another record; a blank line is a record of one empty field (so record n is row n
 * of a spreadsheet). Throws CsvSyntaxError for a quote left open or text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let closed = false; // a quoted field just closed: only a separator may follow
  let recordNo = 1;
  let openedAt = 1;

  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (src[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
        closed = true;
      }
    } else if (c === ',' || c === '\r' || c === '\n') {
      record.push(field);
      field = '';
      closed = false;
      if (c !== ',') {
        if (c === '\r' && src[i + 1] === '\n') i++;
        records.push(record);
        record = [];
        recordNo++;
      }
    } else if (closed) {
      throw new CsvSyntaxError(`第 ${recordNo} 行：引号结束后只能是逗号或换行`, recordNo);
    } else if (c === '"') {
      if (field !== '') throw new CsvSyntaxError(`第 ${recordNo} 行：字段中间出现未转义的引号`, recordNo);
      quoted = true;
      openedAt = recordNo;
    } else {
      field += c;
    }
  }
  if (quoted) throw new CsvSyntaxError(`第 ${openedAt} 行：引号未闭合`, openedAt);
  if (field !== '' || closed || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Quotes a field when it holds a separator, a quote or a line break (RFC 4180 §2.6–2.7). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records joined with CRLF, with a final CRLF; `bom` prefixes the UTF-8 byte order mark. */
export function toCsv(records: readonly (readonly string[])[], opts: { bom?: boolean } = {}): string {
  const body = records.map((r) => r.map(csvField).join(',') + '\r\n').join('');
  return (opts.bom ? UTF8_BOM : '') + body;
}
