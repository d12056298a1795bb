/** Reciprocal rank fusion's constant: how little the first places count above the next ones. */
export const RRF_K = 60;

/** Chunks full-text search hands on to fusion, at most, from all the bases searched. */
export const CANDIDATES = 50;

/**
 * BM25's constants, as most search engines use them: `k1`, how soon more of the same word stops
 * counting; `b`, how far a chunk's length against the average counts (0 not at all, 1 fully).
 */
export const BM25 = { k1: 1.2, b: 0.75 } as const;

/** A chunk full-text search found, as fusion scores it. */
export interface Candidate {
  chunkId: string;
  baseId: string;
  /** How much of the question it holds: the weight (idf) of the question's lexemes it holds over all of theirs, 0–1. */
  coverage: number;
  /**
   * Its BM25 score over the weight of all the question's lexemes: 1 for a chunk of average length
   * holding each of them once; more where it holds them more often or is shorter, less where it is longer.
   */
  relevance: number;
  /** Cosine similarity of its embedding and the question's; null when there is none to compare. */
  similarity: number | null;
}

/**
 * The weight of a lexeme found in `chunks` of `total` chunks: BM25's inverse document frequency,
 * never negative – a word in every chunk weighs almost nothing, one in none the most (a question
 * about something the bases do not hold finds little of itself in them).
 */
export function idf(chunks: number, total: number): number {
  return Math.log(1 + (total - chunks + 0.5) / (chunks + 0.5));
}

/** What a place in a ranked list is worth, 1 at the first and falling slowly (RRF, k = 60, scaled so the first is 1). */
const placeWorth = (place: number) => (RRF_K + 1) / (RRF_K + place);

const fourPlaces = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * Fuses full-text and vector ranking by reciprocal rank (docs/knowledge.md "How retrieval works"):
 * full-text candidates are ranked by BM25 (relevance), those with an embedding by similarity; each
 * list gives a chunk its place's worth times how strongly it matched there (relevance, at most 1,
 * or similarity), and the lists it is in are averaged. So the score is 0–1 and says how well the
 * chunk answers, not only where it ranks. A chunk is left out unless both its score and the same
 * fusion with its coverage in place of its relevance reach its base's threshold: repeating a
 * word, or being short, lifts a chunk above others that hold as much of the question, never over
 * the threshold when it holds too little of the question. The best `limit` come back, best first.
 */
export function fuse<C extends Candidate>(candidates: C[], threshold: (baseId: string) => number, limit: number): (C & { score: number })[] {
  const byText = [...candidates].sort((a, b) => b.relevance - a.relevance || a.chunkId.localeCompare(b.chunkId)).slice(0, CANDIDATES);
  const vectorPlace = new Map(
    byText
      .filter((c) => c.similarity !== null)
      .sort((a, b) => (b.similarity ?? 0) - (a.similarity ?? 0) || a.chunkId.localeCompare(b.chunkId))
      .map((c, i) => [c.chunkId, i + 1]),
  );
  return byText
    .flatMap((candidate, i) => {
      const place = vectorPlace.get(candidate.chunkId);
      const meaning = place === undefined ? undefined : Math.max(0, candidate.similarity ?? 0) * placeWorth(place);
      const fused = (strength: number) => {
        const words = strength * placeWorth(i + 1);
        return fourPlaces(meaning === undefined ? words : (words + meaning) / 2);
      };
      const score = fused(Math.min(1, candidate.relevance));
      const held = fused(candidate.coverage);
      return score > 0 && Math.min(score, held) >= threshold(candidate.baseId) ? [{ ...candidate, score }] : [];
    })
    .sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId))
    .slice(0, limit);
}
