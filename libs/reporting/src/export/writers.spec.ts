import ExcelJS from 'exceljs';
import { Writable } from 'stream';
import { TableSpec } from './format';
import { LEDGER_TABLE, LedgerRow } from './ledger-columns';
import { CsvTableWriter, OutputClosedError, TableWriter, XlsxTableWriter } from './writers';

/** An output that takes nothing until released (a client not reading), then collects everything. */
function stalledOutput() {
  const chunks: Buffer[] = [];
  let held: (() => void)[] | null = [];
  const out = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      if (held) held.push(cb);
      else cb();
    },
  });
  return {
    out,
    bytes: () => chunks.reduce((n, c) => n + c.length, 0),
    release: () => {
      const cbs = held ?? [];
      held = null;
      for (const cb of cbs) cb();
    },
    body: () => Buffer.concat(chunks),
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const ledgerRow = (i: number): LedgerRow => ({
  caseNumber: `ZX-20260301-${String(i).padStart(6, '0')}`, type: i % 3 ? 'COMPLAINT' : 'REPORT', channel: 'PHONE', status: 'ACCEPTED',
  receivedAt: new Date(Date.UTC(2026, 2, 1, 1, 0, i)), acceptedAt: null, assignedAt: null, closedAt: null, registeredUnit: '望都县市场监督管理局',
  assignedUnit: null, complainantName: i % 3 ? '王五' : null, complainantPhone: i % 3 ? '13712345678' : null, respondentName: `某商行${i}`,
  respondentCreditCode: null, subject: `商品质量问题，第 ${i} 件`, outcome: null, amountClaimedFen: String(i * 100 + 1), amountRecoveredFen: null,
});
const PAGE = 200;
const TOTAL = 100 * PAGE; // far more than the buffers of the chain hold

/**
 * Adds pages of rows while the output takes nothing, awaiting ready() after each as the export
 * does: ready() must stop resolving after a bounded number of rows (every buffer of the chain
 * full), then the file completes once the output reads again. Returns the rows accepted before.
 */
async function exercise(w: TableWriter, o: ReturnType<typeof stalledOutput>, spec: TableSpec<LedgerRow>): Promise<number> {
  const add = w.table(spec);
  let i = 0;
  let waiting: Promise<unknown> | null = null;
  while (i < TOTAL) {
    for (const end = i + PAGE; i < end; i++) add(ledgerRow(i));
    let ready = false;
    const r = w.ready().then(() => (ready = true));
    for (let k = 0; k < 50 && !ready; k++) await turn();
    if (!ready) {
      waiting = r;
      break;
    }
  }
  // Stalled well before the end: the rows in memory are bounded by the buffers, not by the file.
  expect(waiting).not.toBeNull();
  const buffered = i;
  // Only the first write reached the client (it took it and never acknowledged it).
  expect(o.bytes()).toBeLessThan(1024);
  o.release();
  await waiting;
  while (i < TOTAL) {
    for (const end = i + PAGE; i < end; i++) add(ledgerRow(i));
    await w.ready();
  }
  await w.end();
  return buffered;
}

describe('export writers (backpressure)', () => {
  it('CSV stops for the client after a bounded amount', async () => {
    const o = stalledOutput();
    const buffered = await exercise(new CsvTableWriter(o.out), o, LEDGER_TABLE);
    // One 64 KiB write gathered (lines of ~100 characters here), the output's 16 KiB, the page being added.
    expect(buffered).toBeLessThanOrEqual(PAGE + Math.ceil((65_536 + 16_384) / 80));
    const lines = o.body().toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + TOTAL);
    expect(lines[TOTAL]).toMatch(/^ZX-20260301-019999,投诉,/);
  });

  it('XLSX stops for the client after a bounded amount, then completes a valid workbook', async () => {
    const o = stalledOutput();
    const buffered = await exercise(new XlsxTableWriter(o.out), o, LEDGER_TABLE);
    // The sheet's part holds up to 1,024 writes (one per row), the zip's streams some 100 KiB;
    // without backpressure all 20,000 rows would pile up in them.
    expect(buffered).toBeLessThanOrEqual(TOTAL / 4);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(o.body() as never);
    const ws = wb.getWorksheet('投诉受理台账')!;
    expect(ws.rowCount).toBe(1 + TOTAL);
    expect(ws.getRow(1).values).toEqual([undefined, ...LEDGER_TABLE.columns.map((c) => c.header)]);
    const last = ws.getRow(1 + TOTAL);
    expect(last.getCell(1).value).toBe('ZX-20260301-019999');
    expect(last.getCell(5).value).toEqual(new Date(Date.UTC(2026, 2, 1, 1 + 8, 0, 19_999)));
    expect(last.getCell(17).value).toBe(19_999.01);
  });

  it('rejects ready() when the client goes away while waiting', async () => {
    const o = stalledOutput();
    const w = new XlsxTableWriter(o.out);
    const add = w.table(LEDGER_TABLE);
    let waiting: Promise<void> | null = null;
    for (let i = 0; i < TOTAL && !waiting; ) {
      for (const end = i + PAGE; i < end; i++) add(ledgerRow(i));
      let ready = false;
      const r = w.ready();
      void r.then(
        () => (ready = true),
        () => undefined,
      );
      for (let k = 0; k < 50 && !ready; k++) await turn();
      if (!ready) waiting = r;
    }
    o.out.destroy();
    await expect(waiting).rejects.toBeInstanceOf(OutputClosedError);
  });
});
