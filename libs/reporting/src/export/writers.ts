import ExcelJS from 'exceljs';
import { EventEmitter, once } from 'events';
import { Transform, TransformCallback, Writable } from 'stream';
import { csvLine, csvRow, TableSpec, XLSX_NUM_FMT, xlsxValue } from './format';

/** The client went away (or the output failed) while the export was being written. */
export class OutputClosedError extends Error {
  constructor() {
    super('output closed before the export was complete');
  }
}

/**
 * Writes the tables of one export file, row by row, with backpressure: the producer adds a
 * page of rows, then awaits `ready()`, which resolves once the output has taken what was
 * buffered (and rejects with OutputClosedError when the output went away). Nothing keeps
 * more than a bounded amount of the file in memory, whatever the number of rows.
 */
export interface TableWriter {
  /** Starts a table (CSV: a section; XLSX: a sheet) and returns the function adding one row to it. */
  table<R>(spec: TableSpec<R>): (row: R) => void;
  /** Resolves when the output can take more. */
  ready(): Promise<void>;
  /** Completes the file and resolves when the output has finished. */
  end(): Promise<void>;
  /** True when the buffers are full and the producer should await ready(). */
  readonly needsDrain: boolean;
}

/** Waits for `event` on `emitter`, or rejects when `out` closes first; leaves no listener behind. */
async function waitFor(emitter: EventEmitter, event: string, out: Writable): Promise<void> {
  if (out.destroyed || out.writableFinished) throw new OutputClosedError();
  const ac = new AbortController();
  try {
    await Promise.race([
      once(emitter, event, { signal: ac.signal }),
      once(out, 'close', { signal: ac.signal }).then(() => {
        throw new OutputClosedError();
      }),
    ]);
  } finally {
    ac.abort();
  }
}

/** UTF-8 CSV with BOM, CRLF lines; tables one after another, each after the first headed by an empty line and its name. */
export class CsvTableWriter implements TableWriter {
  private tables = 0;
  private pending = '';

  constructor(private readonly out: Writable) {
    out.write('\uFEFF');
  }

  get needsDrain(): boolean {
    return this.out.writableNeedDrain;
  }

  table<R>(spec: TableSpec<R>): (row: R) => void {
    if (this.tables++) this.pending += '\r\n' + csvLine([spec.name]);
    this.pending += csvLine(spec.columns.map((c) => c.header));
    return (row) => {
      this.pending += csvRow(spec.columns, row);
      if (this.pending.length >= CSV_CHUNK) this.flush();
    };
  }

  /** Lines are gathered into ~64 KiB writes (one write per line costs an object per line in the stream's buffer). */
  private flush(): void {
    if (this.pending) this.out.write(this.pending);
    this.pending = '';
  }

  async ready(): Promise<void> {
    if (this.out.destroyed) throw new OutputClosedError();
    this.flush();
    if (this.out.writableNeedDrain) await waitFor(this.out, 'drain', this.out);
  }

  async end(): Promise<void> {
    if (this.out.destroyed) throw new OutputClosedError();
    this.flush();
    this.out.end();
    if (!this.out.writableFinished) await waitFor(this.out, 'finish', this.out);
  }
}

/** Size of the CSV writes. */
const CSV_CHUNK = 64 * 1024;

/** Size of the chunks a sheet hands to the zip (as exceljs's own stream buffer). */
const PART_CHUNK = 64 * 1024;

/**
 * One zip entry of the workbook (a sheet's XML). exceljs writes its entries into a buffer that
 * never says "full" (its writes ignore backpressure), so a slow client would make the zip
 * stream hold the whole file in memory. This part is a real stream: exceljs writes into it,
 * the zip reads from it, and `writableNeedDrain` tells the producer to wait. It also gathers
 * exceljs's many small writes (one per row) into 64 KiB chunks, as exceljs's buffer does.
 */
class ZipPart extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor() {
    super({ writableObjectMode: true, writableHighWaterMark: 1024, readableHighWaterMark: PART_CHUNK });
  }

  /** exceljs reuses its StringBuf objects: take their bytes now, not when the chunk is processed. */
  override write(chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    const c = chunk != null && typeof chunk === 'object' && !Buffer.isBuffer(chunk) && 'toBuffer' in chunk ? (chunk as { toBuffer(): Buffer }).toBuffer() : chunk;
    return super.write(c, encoding as BufferEncoding, cb as (e?: Error | null) => void);
  }

  override _transform(chunk: string | Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.chunks.push(b);
    this.size += b.length;
    if (this.size >= PART_CHUNK) this.flushChunks();
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.flushChunks();
    cb();
  }

  private flushChunks(): void {
    if (!this.size) return;
    this.push(Buffer.concat(this.chunks, this.size));
    this.chunks = [];
    this.size = 0;
  }
}

interface ExcelJsWriterInternals {
  zip: { append(source: NodeJS.ReadableStream, data: { name: string }): void };
  _openStream(path: string): NodeJS.WritableStream;
}

/**
 * XLSX through exceljs's streaming WorkbookWriter, writing to the output as rows come: every
 * row is committed when added (exceljs keeps no row), shared strings are off (their table would
 * grow with the file), and each column's style object is shared by its cells (exceljs caches
 * styles per object; a style per cell costs more than the rest of the row).
 */
export class XlsxTableWriter implements TableWriter {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly parts: ZipPart[] = [];
  private sheet: ExcelJS.Worksheet | null = null;

  constructor(private readonly out: Writable) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    this.wb.creator = '12315 维权服务站网络';
    const internals = this.wb as unknown as ExcelJsWriterInternals;
    internals._openStream = (path: string) => {
      const part = new ZipPart();
      internals.zip.append(part, { name: path });
      // exceljs waits for 'zipped' on the sheets it commits itself.
      part.on('finish', () => part.emit('zipped'));
      this.parts.push(part);
      return part;
    };
  }

  /** The sheets' parts fill up when the zip or the output behind them stops reading (pipes carry the backpressure back). */
  get needsDrain(): boolean {
    return this.parts.some((p) => p.writableNeedDrain);
  }

  table<R>(spec: TableSpec<R>): (row: R) => void {
    this.sheet?.commit();
    const ws = this.wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet = ws;
    ws.columns = spec.columns.map((c) => ({ width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
    const header = ws.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    const styles = spec.columns.map((c) => {
      const numFmt = XLSX_NUM_FMT[c.kind];
      return numFmt ? { numFmt } : {};
    });
    const n = spec.columns.length;
    const values: (string | number | Date | null)[] = new Array(n);
    return (row) => {
      for (let i = 0; i < n; i++) values[i] = xlsxValue(spec.columns[i].kind, spec.columns[i].value(row));
      const r = ws.addRow(values);
      for (let i = 0; i < n; i++) if (values[i] != null) r.getCell(i + 1).style = styles[i];
      r.commit();
    };
  }

  async ready(): Promise<void> {
    if (this.out.destroyed) throw new OutputClosedError();
    for (const p of this.parts) if (p.writableNeedDrain) await waitFor(p, 'drain', this.out);
  }

  async end(): Promise<void> {
    if (this.out.destroyed) throw new OutputClosedError();
    this.sheet?.commit();
    const ac = new AbortController();
    try {
      // exceljs's commit resolves when the output has finished; a client gone first never finishes it.
      await Promise.race([
        this.wb.commit(),
        once(this.out, 'close', { signal: ac.signal }).then(() => {
          if (!this.out.writableFinished) throw new OutputClosedError();
        }),
      ]);
    } finally {
      ac.abort();
    }
  }
}

/** Writes the pages of one table through a writer, waiting for the output after each page. */
export async function writeTable<R>(w: TableWriter, spec: TableSpec<R>, pages: AsyncIterable<readonly R[]> | Iterable<readonly R[]>): Promise<number> {
  const add = w.table(spec);
  let n = 0;
  for await (const page of pages) {
    for (const row of page) add(row);
    n += page.length;
    await w.ready();
  }
  return n;
}
