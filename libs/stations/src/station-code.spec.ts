import { formatStationCode, regionCodeFor, stationCodeRange, UNKNOWN_REGION_CODE } from './station-code';

describe('station codes', () => {
  it('takes the supervising unit region code, else the nearest ancestor with one', () => {
    expect(regionCodeFor([{ regionCode: '130631' }, { regionCode: '130600' }])).toBe('130631');
    expect(regionCodeFor([{ regionCode: null }, { regionCode: '130631' }, { regionCode: '130600' }])).toBe('130631');
    expect(regionCodeFor([{ regionCode: null }, { regionCode: null }])).toBe(UNKNOWN_REGION_CODE);
    expect(regionCodeFor([])).toBe(UNKNOWN_REGION_CODE);
  });

  it('pads the sequence to five digits and keeps growing past them', () => {
    expect(formatStationCode('130631', 1)).toBe('130631-00001');
    expect(formatStationCode('130631', 42)).toBe('130631-00042');
    expect(formatStationCode('130631', 123456)).toBe('130631-123456');
  });

  it('refuses a sequence that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => formatStationCode('130631', bad)).toThrow(RangeError);
  });

  it('issues the codes a counter move covers, in order and without gaps', () => {
    expect(stationCodeRange('130636', 3, 3)).toEqual(['130636-00001', '130636-00002', '130636-00003']);
    expect(stationCodeRange('130636', 10, 2)).toEqual(['130636-00009', '130636-00010']);
    expect(stationCodeRange('130636', 10, 0)).toEqual([]);
  });

  it('sorts codes of one region in numeric order as text (up to 99999)', () => {
    const codes = [1, 2, 10, 99, 100, 99999].map((n) => formatStationCode('130631', n));
    expect([...codes].sort()).toEqual(codes);
  });
});
