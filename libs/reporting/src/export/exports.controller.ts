import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { once } from 'events';
import { DomainError, ErrorCode } from '@app/platform';
import { csvLine, LEDGER_HEADERS } from './ledger-csv';
import { LedgerService } from './ledger.service';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
};

/** File exports (streamed; not GraphQL). Bearer token as for /graphql. */
@Controller('exports')
export class ExportsController {
  constructor(private readonly ledger: LedgerService) {}

  /** GET /exports/ledger.csv?orgUnitId=&from=YYYY-MM-DD&to=YYYY-MM-DD: the complaint ledger, UTF-8 CSV with BOM. */
  @Get('ledger.csv')
  async ledgerCsv(@Query('orgUnitId') orgUnitId: string | undefined, @Query('from') from: string | undefined, @Query('to') to: string | undefined, @Res() res: Response): Promise<void> {
    let lines: AsyncIterable<string>;
    try {
      lines = await this.ledger.lines({ orgUnitId, from, to });
    } catch (e) {
      if (e instanceof DomainError) {
        res.status(HTTP_STATUS[e.code] ?? 400).json({ code: e.code, field: e.field ?? null, message: e.message });
        return;
      }
      throw e;
    }
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="ledger.csv"; filename*=UTF-8''${encodeURIComponent('投诉受理台账.csv')}`);
    res.write('\uFEFF' + csvLine(LEDGER_HEADERS));
    try {
      for await (const line of lines) {
        // A client that went away must not leave the generator waiting for 'drain' forever.
        if (!res.write(line)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
        if (res.destroyed) return;
      }
      res.end();
    } catch (e) {
      // Abort the connection: a truncated file that ends normally would look complete.
      res.destroy(e as Error);
    }
  }
}
