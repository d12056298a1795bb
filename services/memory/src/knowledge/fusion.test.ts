import { describe, expect, it } from 'vitest';
import { CANDIDATES, type Candidate, fuse, idf } from './fusion.js';
import { MAX_MATCHED, searchedLexemes } from './search.service.js';

/** A chunk holding `coverage` of the question, as relevant by BM25 as an average chunk holding that much once unless `relevance` says. */
const candidate = (chunkId: string, coverage: number, similarity: number | null = null, relevance = coverage): Candidate => ({
  chunkId,
  baseId: 'kb_base0001',
  coverage,
  relevance,
  similarity,
});
const everything = () => 0;

describe('fusing full-text and vector ranking', () => {
  it('scores a lone full-text list by relevance and place: 1 for the first as relevant as a chunk with the whole question', () => {
    const fused = fuse([candidate('b', 0.5), candidate('a', 1)], everything, 5);
    expect(fused.map((c) => [c.chunkId, c.score])).toEqual([
      ['a', 1],
      // Second place: worth 61/62 of the first.
      ['b', Math.round(0.5 * (61 / 62) * 10_000) / 10_000],
    ]);
  });

  it('ranks by BM25, so a short chunk holding the telling words often beats a long one holding more words once, and counts at most 1', () => {
    const fused = fuse([candidate('long', 0.8, null, 0.6), candidate('focused', 0.6, null, 1.4)], everything, 5);
    expect(fused.map((c) => [c.chunkId, c.score])).toEqual([
      ['focused', 1],
      ['long', Math.round(0.6 * (61 / 62) * 10_000) / 10_000],
    ]);
  });

  it('averages the two lists where a chunk has an embedding, so similarity can lift a chunk or hold it back', () => {
    const fused = fuse([candidate('words', 1, 0.1), candidate('meaning', 0.8, 0.9)], everything, 5);
    expect(fused.map((c) => c.chunkId)).toEqual(['meaning', 'words']);
    expect(fused[0]!.score).toBeCloseTo((0.8 * (61 / 62) + 0.9) / 2, 4);
    // A negative similarity counts as none.
    expect(fuse([candidate('opposite', 1, -0.5)], everything, 5)[0]!.score).toBe(0.5);
  });

  it("leaves out what scores under its base's threshold, and nothing with no score at all", () => {
    const threshold = (baseId: string) => (baseId === 'kb_strict001' ? 0.9 : 0.2);
    const fused = fuse(
      [{ ...candidate('strict', 0.8), baseId: 'kb_strict001' }, candidate('weak', 0.1), candidate('ok', 0.5), candidate('zero', 0)],
      threshold,
      5,
    );
    expect(fused.map((c) => c.chunkId)).toEqual(['ok']);
    expect(fuse([candidate('zero', 0)], everything, 5)).toEqual([]);
  });

  it('leaves out a chunk holding too little of the question however relevant, and one too long for what it holds', () => {
    const threshold = () => 0.2;
    // One word of the question, in a short chunk: relevant by BM25, but not an answer.
    expect(fuse([candidate('one word', 0.15, null, 0.3)], threshold, 5)).toEqual([]);
    // Much of the question, once each in a very long chunk.
    expect(fuse([candidate('diluted', 0.4, null, 0.15)], threshold, 5)).toEqual([]);
    // With an embedding the same holds of the fused scores: similarity can make up for words.
    expect(fuse([candidate('one word', 0.15, 0.2, 0.3)], threshold, 5)).toEqual([]);
    expect(fuse([candidate('one word', 0.15, 0.6, 0.3)], threshold, 5).map((c) => c.score)).toEqual([0.45]);
  });

  it(`keeps the best ${CANDIDATES} full-text candidates and answers at most the limit`, () => {
    const many = Array.from({ length: CANDIDATES + 10 }, (_, i) => candidate(`c${String(i).padStart(3, '0')}`, 1 - i / 100));
    expect(fuse(many, everything, 100)).toHaveLength(CANDIDATES);
    expect(fuse(many, everything, 3).map((c) => c.chunkId)).toEqual(['c000', 'c001', 'c002']);
  });
});

describe('what a word weighs', () => {
  it('weighs a word in every chunk next to nothing, and one in none the most', () => {
    expect(idf(1_000, 1_000)).toBeLessThan(0.001);
    expect(idf(0, 1_000)).toBeGreaterThan(idf(1, 1_000));
    expect(idf(1, 1_000)).toBeGreaterThan(idf(100, 1_000));
    expect(idf(0, 0)).toBeGreaterThan(0);
  });

  it(`searches for every lexeme unless together they match more than ${MAX_MATCHED} chunks, then drops the commonest`, () => {
    expect(
      searchedLexemes([
        { lexeme: 'refund', chunks: 10 },
        { lexeme: 'card', chunks: 40 },
      ]).sort(),
    ).toEqual(['card', 'refund']);
    const common = [
      { lexeme: 'the', chunks: MAX_MATCHED },
      { lexeme: 'refund', chunks: 10 },
      { lexeme: 'card', chunks: 40 },
    ];
    expect(searchedLexemes(common)).toEqual(['refund', 'card']);
    // The rarest stays, however common.
    expect(searchedLexemes([{ lexeme: 'the', chunks: MAX_MATCHED * 3 }])).toEqual(['the']);
  });
});
