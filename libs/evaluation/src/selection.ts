import { createHash } from 'crypto';

/**
 * The pure arithmetic of a model-station round: final scores, ranking, selection and the
 * spot-check draw. No I/O, so anyone can recompute a stored result from the stored inputs.
 *
 * Final score (documented in README "Model-station scoring"):
 * 1. Each submitted sheet gives a weighted score on a 0–100 scale:
 *    100 × Σ_criteria weight × points / maxPoints (weights sum to 1).
 * 2. Per evaluator, over every sheet that evaluator submitted in the round, the sheet's
 *    z-score z = (w − mean_e) / sd_e (population standard deviation). An evaluator with a
 *    single sheet or with identical scores everywhere (sd_e = 0) gives z = 0: they do not
 *    discriminate between candidates, so they neither lift nor sink anyone.
 * 3. The application's final score is the T-score 50 + 10 × (mean of its sheets' z), rounded
 *    to 6 decimals; its raw score is the plain mean of its sheets' weighted scores.
 *    Applications without a sheet have no score and are never selected.
 * Ranking: final score desc, then raw score desc, then application id asc (ids are unique,
 * so the order is total and every rank is distinct).
 */

export interface SheetScore {
  applicationId: string;
  evaluatorId: string;
  /** 0–100: 100 × Σ weight × points / maxPoints. */
  weighted: number;
}

export interface Standing {
  finalScore: number | null;
  rawScore: number | null;
  sheets: number;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function weightedScore(criteria: { id: string; maxPoints: number; weight: number }[], points: Record<string, number>): number {
  let sum = 0;
  for (const c of criteria) sum += (c.weight * (points[c.id] ?? 0)) / c.maxPoints;
  return round6(100 * sum);
}

export function computeStandings(sheets: readonly SheetScore[]): Map<string, Standing> {
  // A fixed summation order keeps floating point results identical between runs.
  const sorted = [...sheets].sort((a, b) => cmp(a.evaluatorId, b.evaluatorId) || cmp(a.applicationId, b.applicationId));
  const byEvaluator = new Map<string, SheetScore[]>();
  for (const s of sorted) {
    const list = byEvaluator.get(s.evaluatorId);
    if (list) list.push(s);
    else byEvaluator.set(s.evaluatorId, [s]);
  }
  const acc = new Map<string, { z: number; raw: number; n: number }>();
  for (const list of byEvaluator.values()) {
    let mean = 0;
    for (const s of list) mean += s.weighted;
    mean /= list.length;
    let v = 0;
    for (const s of list) v += (s.weighted - mean) ** 2;
    const sd = Math.sqrt(v / list.length);
    for (const s of list) {
      const z = sd > 1e-9 ? (s.weighted - mean) / sd : 0;
      const a = acc.get(s.applicationId) ?? { z: 0, raw: 0, n: 0 };
      a.z += z;
      a.raw += s.weighted;
      a.n += 1;
      acc.set(s.applicationId, a);
    }
  }
  const out = new Map<string, Standing>();
  for (const [id, a] of acc) out.set(id, { finalScore: round6(50 + (10 * a.z) / a.n), rawScore: round6(a.raw / a.n), sheets: a.n });
  return out;
}

export interface Candidate {
  id: string;
  category: string;
  finalScore: number | null;
  rawScore: number | null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function desc(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/** Total order: final score desc, raw score desc (missing scores last), id asc. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return desc(a.finalScore, b.finalScore) || desc(a.rawScore, b.rawScore) || cmp(a.id, b.id);
}

export function rankCandidates<C extends Candidate>(candidates: readonly C[]): C[] {
  return [...candidates].sort(compareCandidates);
}

/**
 * Walks the ranking and takes each scored candidate while the quota is not filled and its
 * category has fewer than `maxPerCategory` selected (null: no cap). Returns the selected ids in
 * rank order. Independent of the input order.
 */
export function selectCandidates(candidates: readonly Candidate[], quota: number, maxPerCategory: number | null): string[] {
  const taken: string[] = [];
  const perCategory = new Map<string, number>();
  for (const c of rankCandidates(candidates)) {
    if (taken.length >= quota) break;
    if (c.finalScore === null) break; // unscored candidates sort last and are never selected
    const n = perCategory.get(c.category) ?? 0;
    if (maxPerCategory !== null && n >= maxPerCategory) continue;
    perCategory.set(c.category, n + 1);
    taken.push(c.id);
  }
  return taken;
}

/**
 * The spot-check sample: order the population by SHA-256 of `${seed}:${id}` (hex), ties by id,
 * and take the first n. Depends only on the seed and the set of ids, so anyone holding the
 * stored seed and the selected application ids can re-draw it (e.g. in a shell with sha256sum).
 */
export function drawSample(seed: string, ids: readonly string[], n: number): string[] {
  const keyed = [...new Set(ids)].map((id) => ({ id, key: createHash('sha256').update(`${seed}:${id}`, 'utf8').digest('hex') }));
  keyed.sort((a, b) => cmp(a.key, b.key) || cmp(a.id, b.id));
  return keyed.slice(0, Math.max(0, n)).map((k) => k.id);
}
