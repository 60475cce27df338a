import { useQuery } from 'urql';
import { graphql } from '../gql';
import { chinaToday } from './format';
import { useSignedIn } from './session';

const CoverageQuery = graphql(`
  query CalendarCoverageNotice {
    calendarCoverage {
      lastCoveredYear
    }
  }
`);

/**
 * The working-day calendar year the tenant needs now: this year, and from November on next year
 * too (deadlines counted from December reach into January).
 */
export function yearNeeded(today: string): number {
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= 11 ? year + 1 : year;
}

/**
 * Warns every user of a tenant whose calendar does not cover the year deadlines now reach: the
 * API refuses to guess an unpublished year, so from late December counters could not open
 * disputes, nor the center register cases. The tenant admin is told what to do.
 */
export function CalendarNotice() {
  const session = useSignedIn();
  const [{ data }] = useQuery({ query: CoverageQuery, pause: !session.tenantCode });
  const last = data?.calendarCoverage.lastCoveredYear;
  const needed = yearNeeded(chinaToday());
  if (last === undefined || last >= needed) return null;
  const admin = session.user.roles.includes('TENANT_ADMIN');
  return (
    <div className="calendar-notice" role="alert" data-testid="calendar-notice">
      <strong>{needed}年节假日安排尚未录入。</strong>
      {admin
        ? `请按国务院办公厅公布的${needed}年部分节假日安排录入放假和调休日（setCalendarOverride），再发布该年度（publishCalendarYear）；否则跨入${needed}年的时限无法计算，受理将被拒绝。`
        : `跨入${needed}年的时限暂时无法计算，相关受理将被拒绝；请联系租户管理员录入并发布该年度日历。`}
    </div>
  );
}
