import { randomInt } from 'crypto';
import { CREDIT_CODE_ALPHABET, computeCreditCodeCheckChar } from '@app/platform';
import { TestApp } from './app';
import { TenantFixture } from './fixtures';

const REGISTER = `mutation($i: RegisterStationInput!) { registerStation(input: $i) { id } }`;
const APPROVE = `mutation($id: ID!) { approveStation(id: $id) { id } }`;

/**
 * A past inspection date well inside the national calendar data (chinese-days 1.5.7 ends with
 * 2026), for tests that record an inspection with a rectification order. The order's deadline
 * is counted on the national calendar only (libs/stations does not use the tenant's declared
 * years), so an inspection dated today with a 5-working-day order is refused from 2026-12-25 on,
 * when the deadline reaches 2027.
 */
export const INSPECTION_DATE = '2026-10-20';

/** A random, valid unified social credit code (GB 32100-2015 check character). */
export function randomCreditCode(): string {
  let body = '91';
  while (body.length < 17) body += CREDIT_CODE_ALPHABET[randomInt(CREDIT_CODE_ALPHABET.length)];
  return body + computeCreditCodeCheckChar(body);
}

export interface StationOptions {
  /** Supervising unit: a county or an office of the fixture. */
  orgUnitId: string;
  category: 'MALL' | 'SUPERMARKET' | 'MARKET' | 'ENTERPRISE' | 'SCENIC_AREA' | 'OTHER';
  name?: string;
  /** Approve right away (default true: most tests need an ACTIVE station); false leaves it PENDING. */
  approve?: boolean;
}

/** Registers a station as the tenant admin (with a fresh host enterprise) and returns its id. */
export async function createStation(t: TestApp, fixture: TenantFixture, opts: StationOptions): Promise<string> {
  const creditCode = randomCreditCode();
  const data = await t.ok<{ registerStation: { id: string } }>(
    REGISTER,
    {
      i: {
        name: opts.name ?? `测试消费维权服务站 ${creditCode.slice(-6)}`,
        category: opts.category,
        hostName: `测试企业 ${creditCode.slice(-6)}`,
        hostCreditCode: creditCode,
        address: '河北省保定市望都县中华大街 1 号',
        contactName: '张三',
        contactPhone: '13800138000',
        orgUnitId: opts.orgUnitId,
      },
    },
    fixture.tokens.tenantAdmin,
  );
  const id = data.registerStation.id;
  if (opts.approve ?? true) await t.ok(APPROVE, { id }, fixture.tokens.tenantAdmin);
  return id;
}

/** Creates a STATION_STAFF user of the station (username unique in the tenant) and returns their token. */
export function addStationStaff(_t: TestApp, fixture: TenantFixture, stationId: string, username: string): Promise<string> {
  return fixture.addUser(username, ['STATION_STAFF'], { stationId });
}
