/** Used when neither the supervising unit nor any unit above it has a region code. */
export const UNKNOWN_REGION_CODE = '000000';

/**
 * The region code a station's code starts with: the supervising unit's own, else the nearest
 * ancestor's (an office often carries none and sits in its county). `chain` runs from the
 * supervising unit up to the root.
 */
export function regionCodeFor(chain: readonly { regionCode: string | null }[]): string {
  for (const u of chain) if (u.regionCode) return u.regionCode;
  return UNKNOWN_REGION_CODE;
}

/**
 * `130631-00042`: region code, dash, the region's sequence number (at least five digits).
 * Zero-padding keeps codes of one region in numeric order when sorted as text.
 */
export function formatStationCode(regionCode: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`站点序号无效：${seq}`);
  return `${regionCode}-${String(seq).padStart(5, '0')}`;
}

/** Codes for `count` new stations when the region's counter moved from `last - count` to `last`. */
export function stationCodeRange(regionCode: string, last: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => formatStationCode(regionCode, last - count + 1 + i));
}
