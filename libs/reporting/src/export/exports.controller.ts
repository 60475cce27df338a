import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode, PlatformError } from '@app/platform';
import { LEDGER_TABLE } from './ledger-columns';
import { LedgerService } from './ledger.service';
import { StatisticsExportService } from './statistics-export.service';
import { statisticsTables } from './statistics-tables';
import { CsvTableWriter, TableWriter, writeTable, XlsxTableWriter } from './writers';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
};

type Format = 'csv' | 'xlsx';
const CONTENT_TYPE: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

type Params = Record<string, unknown>;

/** The query-string parameters as single strings (a repeated one is refused, naming it). */
function single(q: Params, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const n of names) {
    const v = q[n];
    if (v != null && typeof v !== 'string') throw PlatformError.badInput(n, '该查询参数只能给出一个值');
    out[n] = v ?? undefined;
  }
  return out;
}

/**
 * File exports (streamed; not GraphQL). Bearer token as for /graphql. Refusals answer before any
 * byte of the file: `{ code, field, message }` with 400/401/403/404. A failure or a client gone
 * mid-file aborts the connection (a truncated file that ended normally would look complete).
 */
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly statistics: StatisticsExportService,
  ) {}

  /** GET /exports/ledger.csv?orgUnitId=&from=YYYY-MM-DD&to=YYYY-MM-DD: the complaint ledger, UTF-8 CSV with BOM. */
  @Get('ledger.csv')
  ledgerCsv(@Query() q: Params, @Res() res: Response): Promise<void> {
    return this.ledgerFile('csv', q, res);
  }

  /** GET /exports/ledger.xlsx?orgUnitId=&from=&to=: the complaint ledger as a workbook, the same rows and columns. */
  @Get('ledger.xlsx')
  ledgerXlsx(@Query() q: Params, @Res() res: Response): Promise<void> {
    return this.ledgerFile('xlsx', q, res);
  }

  /** GET /exports/statistics.csv?orgUnitId=&period=MONTH&date=YYYY-MM-DD: the figures and their breakdowns (sections), UTF-8 CSV with BOM. */
  @Get('statistics.csv')
  statisticsCsv(@Query() q: Params, @Res() res: Response): Promise<void> {
    return this.statisticsFile('csv', q, res);
  }

  /** GET /exports/statistics.xlsx?orgUnitId=&period=&date=: the figures, then one sheet per breakdown. */
  @Get('statistics.xlsx')
  statisticsXlsx(@Query() q: Params, @Res() res: Response): Promise<void> {
    return this.statisticsFile('xlsx', q, res);
  }

  private ledgerFile(format: Format, q: Params, res: Response): Promise<void> {
    return this.send(res, format, async () => {
      const pages = await this.ledger.open(single(q, ['orgUnitId', 'from', 'to']));
      return { filename: ['ledger', '投诉受理台账'], write: (w) => writeTable(w, LEDGER_TABLE, pages) };
    });
  }

  private statisticsFile(format: Format, q: Params, res: Response): Promise<void> {
    return this.send(res, format, async () => {
      const f = await this.statistics.open(single(q, ['orgUnitId', 'period', 'date']));
      const span = `${f.stats.from}_${f.stats.to}`;
      return {
        filename: [`statistics_${span}`, `统计数据_${f.scopeName}_${span}`],
        write: async (w) => {
          for (const t of statisticsTables(f)) await writeTable(w, t.spec, [t.rows]);
        },
      };
    });
  }

  /** Runs the checks (answering a refusal as JSON), then streams the file through the format's writer. */
  private async send(
    res: Response,
    format: Format,
    open: () => Promise<{ filename: [ascii: string, chinese: string]; write: (w: TableWriter) => Promise<unknown> }>,
  ): Promise<void> {
    let file: Awaited<ReturnType<typeof open>>;
    try {
      file = await open();
    } catch (e) {
      if (e instanceof DomainError) {
        res.status(HTTP_STATUS[e.code] ?? 400).json({ code: e.code, field: e.field ?? null, message: e.message });
        return;
      }
      throw e;
    }
    res.status(200);
    res.setHeader('content-type', CONTENT_TYPE[format]);
    res.setHeader('cache-control', 'no-store');
    const [ascii, chinese] = file.filename;
    res.setHeader('content-disposition', `attachment; filename="${ascii}.${format}"; filename*=UTF-8''${encodeURIComponent(`${chinese}.${format}`)}`);
    try {
      const w = format === 'csv' ? new CsvTableWriter(res) : new XlsxTableWriter(res);
      await file.write(w);
      await w.end();
    } catch (e) {
      // Abort the connection: a truncated file that ends normally would look complete.
      if (!res.destroyed) res.destroy(e as Error);
    }
  }
}
