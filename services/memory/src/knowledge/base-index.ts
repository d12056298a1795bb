import { setImmediate } from 'node:timers/promises';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import { type Kysely, sql } from 'kysely';
import { BM25 } from './fusion.js';
import type { PassageRow } from './search.repository.js';

/** The chunks (their places in the index) holding one lexeme, and how often each holds it. */
interface Postings {
  chunks: Int32Array;
  counts: Uint16Array;
}

/** A chunk the index ranked for a question, with what fusion ranks it by (as the database's search gives it). */
export interface RankedChunk {
  chunkId: string;
  baseId: string;
  /** The summed weight (idf) of the question's lexemes it holds. */
  weight: number;
  /** Its BM25 score for the question's lexemes. */
  bm25: number;
  /** What its passage shows. */
  row: PassageRow;
}

/** A chunk of the heaviest, before it is ranked: where it is kept. */
type Heavy = Omit<RankedChunk, 'row'> & { index: BaseIndex; place: number };

/** A chunk as BaseIndex.read reads it: its passage, its words, and its lexemes with how often it holds each. */
interface ReadChunk {
  id: string;
  document_id: string;
  heading: string | null;
  text: string;
  words: number;
  lexemes: string[];
  counts: number[];
}

/** How many chunks BaseIndex.read builds in before it lets other work run. */
const BUILD_SLICE = 500;

/** A chunk as the index keeps it: its passage, and its document's place in `documents`. */
interface KeptChunk {
  id: string;
  document: number;
  heading: string | null;
  text: string;
}

/** What `rank`'s scratch space takes a chunk: its round (4 bytes), weight, BM25 so far and length term (8 each), and a slot of `held` (4) and of their weights (8). */
const SCRATCH_BYTES = 40;

/**
 * One base's full-text index, read whole from its chunks' tsvectors at one `generation` of the
 * base: for each lexeme, the chunks holding it and how often; for each chunk, its words and what
 * its passage shows. A chunk's place is its id's in the ids' order, so places tie-break as ids do.
 */
export class BaseIndex {
  /** The words of all its chunks. */
  readonly totalWords: number;

  private constructor(
    readonly baseId: string,
    readonly generation: string,
    private readonly kept: KeptChunk[],
    private readonly documents: { id: string; title: string; url: string | null }[],
    private readonly words: Int32Array,
    private readonly postings: Map<string, Postings>,
    /** About what it takes of memory, in bytes. */
    readonly bytes: number,
  ) {
    let total = 0;
    for (const count of words) total += count;
    this.totalWords = total;
  }

  /** Its chunks. */
  get chunks(): number {
    return this.kept.length;
  }

  /** How many of its chunks hold `lexeme`. */
  holding(lexeme: string): number {
    return this.postings.get(lexeme)?.chunks.length ?? 0;
  }

  /**
   * The base as it is now, read in one snapshot with its generation; undefined when it is gone.
   * Every chunk comes with its lexemes and how often it holds each (the positions of each in its tsvector).
   */
  static async read(db: Kysely<DB>, baseId: string): Promise<BaseIndex | undefined> {
    const read = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const base = await trx.selectFrom('knowledge_bases').select('generation').where('id', '=', baseId).executeTakeFirst();
        if (!base) return undefined;
        const documents = await trx.selectFrom('knowledge_documents').select(['id', 'title', 'url']).where('base_id', '=', baseId).execute();
        const { rows } = await sql<ReadChunk>`
          SELECT c.id, c.document_id, c.heading, c.text, c.words, t.lexemes, t.counts
          FROM knowledge_chunks c,
          LATERAL (SELECT coalesce(array_agg(u.lexeme), '{}') AS lexemes, coalesce(array_agg(cardinality(u.positions)), '{}') AS counts FROM unnest(c.tsv) u) t
          WHERE c.base_id = ${baseId}
          ORDER BY c.id COLLATE "C"`.execute(trx);
        return { generation: String(base.generation), documents, rows };
      });
    if (!read) return undefined;
    const { rows, documents } = read;
    const documentPlaces = new Map(documents.map((document, place) => [document.id, place]));
    const lists = new Map<string, { chunks: number[]; counts: number[] }>();
    const words = new Int32Array(rows.length);
    const kept: KeptChunk[] = [];
    let entries = 0;
    let characters = 0;
    for (const [place, row] of rows.entries()) {
      // Built in slices, so the searches of other bases are not held up while a large one is read.
      if (place % BUILD_SLICE === 0) await setImmediate();
      words[place] = row.words;
      kept.push({ id: row.id, document: documentPlaces.get(row.document_id) ?? 0, heading: row.heading, text: row.text });
      characters += row.id.length + row.text.length + (row.heading?.length ?? 0);
      row.lexemes.forEach((lexeme, i) => {
        let list = lists.get(lexeme);
        if (!list) {
          list = { chunks: [], counts: [] };
          lists.set(lexeme, list);
        }
        list.chunks.push(place);
        list.counts.push(row.counts[i] ?? 0);
        entries += 1;
      });
    }
    const postings = new Map<string, Postings>();
    for (const [lexeme, list] of lists) {
      if (postings.size % (BUILD_SLICE * 10) === 0) await setImmediate();
      postings.set(lexeme, { chunks: Int32Array.from(list.chunks), counts: Uint16Array.from(list.counts) });
    }
    // Measured on this documentation's passages: some 12 bytes an entry (with its lexeme's share), 2 a character, 100 a chunk;
    // and the scratch space the first search allocates and the index keeps (SCRATCH_BYTES a chunk).
    const bytes = entries * 12 + characters * 2 + rows.length * (100 + SCRATCH_BYTES);
    return new BaseIndex(baseId, read.generation, kept, documents, words, postings, bytes);
  }

  /** What the passage of the chunk at `place` shows. */
  private rowAt(place: number): PassageRow {
    const chunk = this.kept[place] as KeptChunk;
    const document = this.documents[chunk.document] as { id: string; title: string; url: string | null };
    return {
      chunk_id: chunk.id,
      document_id: document.id,
      base_id: this.baseId,
      heading: chunk.heading,
      text: chunk.text,
      title: document.title,
      url: document.url,
    };
  }

  /**
   * The chunks of `indexes` (one language's bases, searched together) the database's search would
   * rank (search.repository.ts `candidates`): those holding any `searched` lexeme, weighed by the
   * question's weight they hold; the `preselected` heaviest scored by BM25 over all `weighed`
   * lexemes, against the bases' average chunk length; the best `limit`, best first. Ties go by
   * chunk id, as the database orders them.
   */
  static rank(
    indexes: BaseIndex[],
    input: { searched: string[]; weighed: { lexeme: string; weight: number }[]; preselected: number; limit: number },
  ): RankedChunk[] {
    const chunks = indexes.reduce((sum, index) => sum + index.chunks, 0);
    const average = chunks > 0 ? indexes.reduce((sum, index) => sum + index.totalWords, 0) / chunks : 0;
    const heaviest = indexes.flatMap((index) => index.heaviest(input, average));
    const preselected = indexes.length > 1 ? best(heaviest, input.preselected, (chunk) => chunk.weight) : heaviest;
    return best(preselected, input.limit, (chunk) => chunk.bm25).map(({ index, place, ...chunk }) => ({ ...chunk, row: index.rowAt(place) }));
  }

  /**
   * Scratch space of `rank` (SCRATCH_BYTES a chunk), one chunk a slot: whether a search holds it (its round), its weight and
   * BM25 so far; the chunks it holds (`held`) and their weights, for the cutoff; and each chunk's length term of BM25
   * (k1 · (1 − b + b · words ÷ average)) for the average it was worked out for.
   */
  private scratch:
    | {
        round: Uint32Array;
        weight: Float64Array;
        bm25: Float64Array;
        held: Int32Array;
        weights: Float64Array;
        rounds: number;
        norms: Float64Array;
        average: number;
      }
    | undefined;

  /** This base's `preselected` chunks of the most weight (ties by id), in id order, with their weight and BM25. */
  private heaviest(input: { searched: string[]; weighed: { lexeme: string; weight: number }[]; preselected: number }, average: number): Heavy[] {
    const n = this.kept.length;
    const { k1, b } = BM25;
    this.scratch ??= {
      round: new Uint32Array(n),
      weight: new Float64Array(n),
      bm25: new Float64Array(n),
      held: new Int32Array(n),
      weights: new Float64Array(n),
      rounds: 0,
      norms: new Float64Array(n),
      average: Number.NaN,
    };
    const { round, weight, bm25, held, weights, norms } = this.scratch;
    if (this.scratch.average !== average) {
      // The same for every search of this base alone; worked out again only when searched with others.
      for (let place = 0; place < n; place++) norms[place] = k1 * (1 - b + b * (average > 0 ? (this.words[place] as number) / average : 1));
      this.scratch.average = average;
    }
    if (this.scratch.rounds === 0xffffffff) {
      round.fill(0);
      this.scratch.rounds = 0;
    }
    const now = ++this.scratch.rounds;
    let holding = 0;
    for (const lexeme of input.searched) {
      const postings = this.postings.get(lexeme);
      if (!postings) continue;
      for (const place of postings.chunks) {
        if (round[place] === now) continue;
        round[place] = now;
        weight[place] = 0;
        bm25[place] = 0;
        held[holding++] = place;
      }
    }
    if (holding === 0) return [];
    for (const term of input.weighed) {
      const postings = this.postings.get(term.lexeme);
      if (!postings) continue;
      const { chunks, counts } = postings;
      for (let i = 0; i < chunks.length; i++) {
        const place = chunks[i] as number;
        if (round[place] !== now) continue;
        const count = counts[i] as number;
        const k = norms[place] as number;
        weight[place] = (weight[place] as number) + term.weight;
        bm25[place] = (bm25[place] as number) + (term.weight * count * (k1 + 1)) / (count + k);
      }
    }
    // The weight the `preselected`-th heaviest holds; those heavier all go, then those as heavy in
    // place order – id order – until there are enough.
    let cutoff = Number.NEGATIVE_INFINITY;
    if (holding > input.preselected) {
      for (let i = 0; i < holding; i++) weights[i] = weight[held[i] as number] as number;
      cutoff = largest(weights, holding, input.preselected);
    }
    let heavier = 0;
    for (let i = 0; i < holding; i++) if ((weight[held[i] as number] as number) > cutoff) heavier += 1;
    let asHeavy = input.preselected - heavier;
    const found: Heavy[] = [];
    for (let place = 0; place < n; place++) {
      if (round[place] !== now) continue;
      const w = weight[place] as number;
      if (w < cutoff || (w === cutoff && asHeavy-- <= 0)) continue;
      found.push({ chunkId: (this.kept[place] as KeptChunk).id, baseId: this.baseId, weight: w, bm25: bm25[place] as number, index: this, place });
    }
    return found;
  }
}

export interface BaseIndexOptions {
  /** The most memory the indexes may take, all bases together, in bytes; a base that needs more is always searched in the database. */
  maxBytes: number;
  /** How soon after a base was last read it is read again when its generation moved (its searches go to the database meanwhile). */
  rereadAfterMs: number;
  now: () => number;
}

/**
 * The bases' indexes this process keeps (docs/knowledge.md "How retrieval works"): one is used only
 * while its generation is the base's, so a search never answers from chunks that changed; a base
 * that is not kept, or changed, is read again in the background while its searches go to the
 * database. The least recently searched go first when they would take more than `maxBytes`.
 */
export class BaseIndexes {
  private readonly kept = new Map<string, BaseIndex>();
  private readonly reading = new Map<string, Promise<void>>();
  private readonly lastRead = new Map<string, number>();
  /** Bases found too large to keep, at the generation they were read at. */
  private readonly tooLarge = new Map<string, string>();
  private bytes = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: BaseIndexOptions,
    private readonly logger: Logger,
  ) {}

  /** The base's index when it was read at `generation`; otherwise undefined, and the base is read again (unless it was just read, or is too large). */
  current(baseId: string, generation: string): BaseIndex | undefined {
    const index = this.kept.get(baseId);
    if (index?.generation === generation) {
      // Most recently searched last: the first in the map goes first.
      this.kept.delete(baseId);
      this.kept.set(baseId, index);
      return index;
    }
    if (this.tooLarge.get(baseId) !== generation) this.readSoon(baseId);
    return undefined;
  }

  /** Resolves once no base is being read (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.reading.size > 0) await Promise.all(this.reading.values());
  }

  /** What the indexes kept take of memory, all bases together, in bytes. */
  get size(): number {
    return this.bytes;
  }

  private readSoon(baseId: string): void {
    const last = this.lastRead.get(baseId);
    if (this.reading.has(baseId) || (last !== undefined && this.options.now() - last < this.options.rereadAfterMs)) return;
    this.lastRead.set(baseId, this.options.now());
    const read = BaseIndex.read(this.db, baseId)
      .then((index) => this.keep(baseId, index))
      .catch((error: unknown) => this.logger.warn({ err: error, baseId }, 'a knowledge base could not be read into memory: its searches go to the database'))
      .finally(() => this.reading.delete(baseId));
    this.reading.set(baseId, read);
  }

  private keep(baseId: string, index: BaseIndex | undefined): void {
    this.drop(baseId);
    if (!index) return;
    if (index.bytes > this.options.maxBytes) {
      this.tooLarge.set(baseId, index.generation);
      return;
    }
    this.tooLarge.delete(baseId);
    this.kept.set(baseId, index);
    this.bytes += index.bytes;
    // The least recently searched first; the one just kept, no larger than maxBytes, is last and stays.
    for (const oldest of this.kept.keys()) {
      if (this.bytes <= this.options.maxBytes) break;
      this.drop(oldest);
      this.lastRead.delete(oldest);
    }
  }

  private drop(baseId: string): void {
    const index = this.kept.get(baseId);
    if (!index) return;
    this.kept.delete(baseId);
    this.bytes -= index.bytes;
  }
}

/**
 * The `k`-th largest of the first `length` values (1: the largest), as sorting them would place
 * it, found by selection (Hoare's), which reorders those values; in linear time where a sort of
 * the few thousand weights a common word gives would be most of a search.
 */
export function largest(values: Float64Array, length: number, k: number): number {
  const target = length - k;
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target] as number;
}

/**
 * The best `limit` of `chunks` by `score`, highest first, ties by chunk id, as sorting them all
 * would give: those above the `limit`-th score, then as many of its ties as fit, in id order; only
 * they are sorted.
 */
function best(chunks: Heavy[], limit: number, score: (chunk: Heavy) => number): Heavy[] {
  const byScore = (a: Heavy, b: Heavy) => score(b) - score(a) || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0);
  if (chunks.length <= limit) return chunks.sort(byScore);
  const scores = Float64Array.from(chunks, score);
  const cutoff = largest(scores, scores.length, limit);
  const above = chunks.filter((chunk) => score(chunk) > cutoff);
  const ties = chunks.filter((chunk) => score(chunk) === cutoff).sort(byScore);
  return above.concat(ties.slice(0, limit - above.length)).sort(byScore);
}
