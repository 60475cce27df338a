import fc from 'fast-check';
import { Candidate, compareCandidates, computeStandings, drawSample, rankCandidates, selectCandidates, weightedScore } from './selection';

const CATEGORIES = ['MALL', 'SUPERMARKET', 'MARKET', 'ENTERPRISE', 'SCENIC_AREA', 'OTHER'];

const candidateArb: fc.Arbitrary<Candidate> = fc.record({
  id: fc.uuid(),
  category: fc.constantFrom(...CATEGORIES),
  // a small set of values makes ties frequent
  finalScore: fc.option(fc.constantFrom(40, 45, 50, 55, 60, 50.5), { nil: null }),
  rawScore: fc.option(fc.constantFrom(70, 80, 90), { nil: null }),
});
const candidatesArb = fc.uniqueArray(candidateArb, { selector: (c) => c.id, maxLength: 60 });
const capArb = fc.option(fc.integer({ min: 1, max: 6 }), { nil: null });

describe('selectCandidates', () => {
  it('never selects more than the quota or maxPerCategory of one category, nor an unscored candidate', () => {
    fc.assert(
      fc.property(candidatesArb, fc.integer({ min: 1, max: 30 }), capArb, (cands, quota, cap) => {
        const chosen = selectCandidates(cands, quota, cap);
        expect(chosen.length).toBeLessThanOrEqual(quota);
        expect(new Set(chosen).size).toBe(chosen.length);
        const byId = new Map(cands.map((c) => [c.id, c]));
        const perCat = new Map<string, number>();
        for (const id of chosen) {
          const c = byId.get(id)!;
          expect(c.finalScore).not.toBeNull();
          perCat.set(c.category, (perCat.get(c.category) ?? 0) + 1);
        }
        if (cap !== null) for (const n of perCat.values()) expect(n).toBeLessThanOrEqual(cap);
      }),
    );
  });

  it('is deterministic and independent of the input order', () => {
    fc.assert(
      fc.property(candidatesArb, fc.integer({ min: 1, max: 30 }), capArb, fc.infiniteStream(fc.integer()), (cands, quota, cap, noise) => {
        const shuffled = cands.map((c) => ({ c, k: noise.next().value })).sort((a, b) => a.k - b.k).map((x) => x.c);
        expect(selectCandidates(shuffled, quota, cap)).toEqual(selectCandidates(cands, quota, cap));
        expect(selectCandidates(cands, quota, cap)).toEqual(selectCandidates(cands, quota, cap));
      }),
    );
  });

  it('no unselected scored candidate outranks a selected one unless its category was full', () => {
    fc.assert(
      fc.property(candidatesArb, fc.integer({ min: 1, max: 30 }), capArb, (cands, quota, cap) => {
        const chosen = new Set(selectCandidates(cands, quota, cap));
        const perCat = new Map<string, number>();
        for (const c of cands) if (chosen.has(c.id)) perCat.set(c.category, (perCat.get(c.category) ?? 0) + 1);
        const selected = cands.filter((c) => chosen.has(c.id));
        for (const u of cands) {
          if (chosen.has(u.id) || u.finalScore === null) continue;
          const hadRoom = cap === null || (perCat.get(u.category) ?? 0) < cap;
          if (!hadRoom) continue;
          for (const s of selected) expect(compareCandidates(u, s)).toBeGreaterThan(0);
        }
        // and the quota is filled whenever enough eligible candidates exist
        const eligible = cands.filter((c) => c.finalScore !== null);
        const room = cap === null ? eligible.length : CATEGORIES.reduce((n, cat) => n + Math.min(cap, eligible.filter((c) => c.category === cat).length), 0);
        expect(chosen.size).toBe(Math.min(quota, room));
      }),
    );
  });

  it('breaks ties by raw score, then by id', () => {
    const a = { id: 'b', category: 'MALL', finalScore: 50, rawScore: 80 };
    const b = { id: 'a', category: 'MALL', finalScore: 50, rawScore: 80 };
    const c = { id: 'c', category: 'MALL', finalScore: 50, rawScore: 90 };
    expect(rankCandidates([a, b, c]).map((x) => x.id)).toEqual(['c', 'a', 'b']);
    expect(selectCandidates([a, b, c], 2, null)).toEqual(['c', 'a']);
    expect(selectCandidates([a, b, c], 3, 1)).toEqual(['c']);
  });
});

describe('drawSample', () => {
  const idsArb = fc.uniqueArray(fc.uuid(), { maxLength: 40 });
  it('re-draws the same sample from the same seed, whatever the order of the ids', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 32 }), idsArb, fc.nat(45), (seed, ids, n) => {
        const s = drawSample(seed, ids, n);
        expect(drawSample(seed, [...ids].reverse(), n)).toEqual(s);
        expect(s.length).toBe(Math.min(n, ids.length));
        expect(new Set(s).size).toBe(s.length);
        for (const id of s) expect(ids).toContain(id);
        // a larger sample extends a smaller one
        expect(drawSample(seed, ids, n + 1).slice(0, s.length)).toEqual(s);
      }),
    );
  });

  it('depends on the seed', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `id-${i}`);
    expect(drawSample('seed-a', ids, 5)).not.toEqual(drawSample('seed-b', ids, 5));
  });
});

describe('computeStandings', () => {
  it('normalises per evaluator: a harsh and a lenient evaluator agreeing on the order give equal finals', () => {
    const sheets = [
      { applicationId: 'x', evaluatorId: 'harsh', weighted: 50 },
      { applicationId: 'y', evaluatorId: 'harsh', weighted: 40 },
      { applicationId: 'x', evaluatorId: 'lenient', weighted: 95 },
      { applicationId: 'y', evaluatorId: 'lenient', weighted: 90 },
    ];
    const s = computeStandings(sheets);
    expect(s.get('x')!.finalScore).toBe(60);
    expect(s.get('y')!.finalScore).toBe(40);
    expect(s.get('x')!.rawScore).toBe(72.5);
  });

  it('an evaluator without spread contributes z = 0', () => {
    const s = computeStandings([{ applicationId: 'x', evaluatorId: 'e', weighted: 70 }]);
    expect(s.get('x')).toEqual({ finalScore: 50, rawScore: 70, sheets: 1 });
  });

  it('is independent of the sheet order', () => {
    const sheetArb = fc.array(
      fc.record({ applicationId: fc.constantFrom('a', 'b', 'c', 'd'), evaluatorId: fc.constantFrom('e1', 'e2', 'e3'), weighted: fc.double({ min: 0, max: 100, noNaN: true }) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(sheetArb, (sheets) => {
        expect(computeStandings([...sheets].reverse())).toEqual(computeStandings(sheets));
      }),
    );
  });

  it('weightedScore scales points by max and weight to 0–100', () => {
    const criteria = [
      { id: 'a', maxPoints: 10, weight: 0.5 },
      { id: 'b', maxPoints: 20, weight: 0.5 },
    ];
    expect(weightedScore(criteria, { a: 10, b: 10 })).toBe(75);
  });
});
