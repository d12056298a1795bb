/** Reciprocal rank fusion's constant: how little the first places count above the next ones. */
export const RRF_K = 60;

/** Chunks full-text search hands on to fusion, at most, from all the bases searched. */
export const CANDIDATES = 50;

/** A chunk full-text search found, as fusion scores it. */
export interface Candidate {
  chunkId: string;
  baseId: string;
  /** How much of the question it holds: the weight (idf) of the question's lexemes it holds over all of theirs, 0–1. */
  coverage: number;
  /** ts_rank_cd: between chunks of the same coverage, the one where the words are closer and more often wins. */
  rank: number;
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

/**
 * Fuses full-text and vector ranking by reciprocal rank (docs/knowledge.md "How retrieval works"):
 * full-text candidates are ranked by coverage then rank, those with an embedding by similarity;
 * each list gives a chunk its place's worth times how strongly it matched there (coverage, or
 * similarity), and the lists it is in are averaged. So the score is 0–1, 1 only for a chunk first
 * in both with the whole question in it, and it says how well the chunk answers, not only where
 * it ranks: a lone weak match stays under a threshold. Chunks under their base's threshold are
 * left out; the best `limit` come back, best first.
 */
export function fuse<C extends Candidate>(candidates: C[], threshold: (baseId: string) => number, limit: number): (C & { score: number })[] {
  const byText = [...candidates].sort((a, b) => b.coverage - a.coverage || b.rank - a.rank || a.chunkId.localeCompare(b.chunkId)).slice(0, CANDIDATES);
  const vectorPlace = new Map(
    byText
      .filter((c) => c.similarity !== null)
      .sort((a, b) => (b.similarity ?? 0) - (a.similarity ?? 0) || a.chunkId.localeCompare(b.chunkId))
      .map((c, i) => [c.chunkId, i + 1]),
  );
  return byText
    .map((candidate, i) => {
      const text = candidate.coverage * placeWorth(i + 1);
      const place = vectorPlace.get(candidate.chunkId);
      const fused = place === undefined ? text : (text + Math.max(0, candidate.similarity ?? 0) * placeWorth(place)) / 2;
      return { ...candidate, score: Math.round(fused * 10_000) / 10_000 };
    })
    .filter((candidate) => candidate.score > 0 && candidate.score >= threshold(candidate.baseId))
    .sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId))
    .slice(0, limit);
}
