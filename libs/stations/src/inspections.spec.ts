import { CalendarNotPublishedError, WorkingDayCalendar } from '@app/platform';
import { InspectionResult } from './entities/inspection.entity';
import { DEFAULT_CHECKLIST, inspectionResult, rectificationDueOn } from './inspections.service';

describe('inspections (pure parts)', () => {
  it('derives the overall result from the findings', () => {
    expect(inspectionResult([{ passed: true }, { passed: true }], 0)).toBe(InspectionResult.PASSED);
    expect(inspectionResult([{ passed: true }, { passed: false }], 0)).toBe(InspectionResult.FAILED);
    expect(inspectionResult([{ passed: true }, { passed: false }], 1)).toBe(InspectionResult.RECTIFICATION_REQUIRED);
    expect(inspectionResult([{ passed: true }], 2)).toBe(InspectionResult.RECTIFICATION_REQUIRED);
  });

  it('counts rectification periods in working days from the day after the inspection', () => {
    const cal = WorkingDayCalendar.national();
    // Over the 2026 National Day holiday, ending on a make-up Saturday.
    expect(rectificationDueOn(cal, '2026-09-28', 5)).toBe('2026-10-10');
    // Friday + 1 working day is Monday.
    expect(rectificationDueOn(cal, '2026-03-06', 1)).toBe('2026-03-09');
  });

  it('refuses a due date in a year whose holidays are not published, naming the input', () => {
    const cal = new WorkingDayCalendar({ national: { holidays: { '2026-01-01': 'New,元旦,1' }, workdays: {} } });
    let err: unknown;
    try {
      rectificationDueOn(cal, '2026-12-20', 10);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CalendarNotPublishedError);
    expect(err).toMatchObject({ year: 2027, field: 'rectifications', message: '2027年节假日安排尚未发布，无法计算工作日' });
  });

  it('seeds the items a station must show, with unique codes', () => {
    expect(new Set(DEFAULT_CHECKLIST.map((c) => c.code)).size).toBe(DEFAULT_CHECKLIST.length);
    expect(DEFAULT_CHECKLIST.map((c) => c.code)).toEqual(
      expect.arrayContaining(['SIGNBOARD', 'RULES_ON_WALL', 'COMPLAINT_LEDGER', 'SETTLEMENT_FORMS', 'TRAINED_STAFF', 'CALLBACK_RECORDS', 'SUPPLIER_CHECKS', 'NONCONFORMING_WITHDRAWAL', 'SERVICE_PLEDGE']),
    );
  });
});
