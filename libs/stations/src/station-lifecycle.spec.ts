import { ErrorCode, PlatformError } from '@app/platform';
import { StationStatus } from './entities/station.entity';
import { nextStatus, StationAction } from './station-lifecycle';

const { PENDING, ACTIVE, SUSPENDED, REVOKED } = StationStatus;

describe('station lifecycle', () => {
  const allowed: [StationStatus, StationAction, StationStatus][] = [
    [PENDING, 'approve', ACTIVE],
    [SUSPENDED, 'approve', ACTIVE],
    [ACTIVE, 'suspend', SUSPENDED],
    [PENDING, 'revoke', REVOKED],
    [ACTIVE, 'revoke', REVOKED],
    [SUSPENDED, 'revoke', REVOKED],
  ];

  it.each(allowed)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it('refuses every other move with INVALID_TRANSITION', () => {
    const actions: StationAction[] = ['approve', 'suspend', 'revoke'];
    for (const from of Object.values(StationStatus)) {
      for (const action of actions) {
        if (allowed.some(([f, a]) => f === from && a === action)) continue;
        let err: unknown;
        try {
          nextStatus(from, action);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(PlatformError);
        expect((err as PlatformError).code).toBe(ErrorCode.INVALID_TRANSITION);
        expect((err as PlatformError).details).toMatchObject({ from, action });
        expect((err as PlatformError).message).toMatch(/^当前状态「[^A-Za-z」]+」不能[^A-Za-z]+$/);
      }
    }
  });

  it('makes REVOKED final', () => {
    for (const action of ['approve', 'suspend', 'revoke'] as StationAction[]) expect(() => nextStatus(REVOKED, action)).toThrow(PlatformError);
  });
});
