/**
 * A persistent table: rows by key, iterated in insertion order (a replaced row keeps its place),
 * with an index from terms to rows. Every write returns a new table sharing structure with the
 * old one (immutable's OrderedMap and Map), so a model step costs O(log n), not a copy of every
 * row, and the old state stays valid (decision 0019). Reads are ReadonlyMap's, so readers of the
 * model's state need not know.
 */
import { Map as PersistentMap, OrderedMap } from 'immutable';

/** The terms a row is found under (`under`); each at most once. */
export type Terms<V, T> = (value: V) => readonly T[];

export class Table<K, V, T> implements ReadonlyMap<K, V> {
  readonly #rows: OrderedMap<K, V>;
  /** Insertion order of each key, so `under` answers in table order. */
  readonly #rank: PersistentMap<K, number>;
  readonly #index: PersistentMap<T, PersistentMap<K, number>>;
  readonly #nextRank: number;
  readonly #terms: Terms<V, T>;

  private constructor(rows: OrderedMap<K, V>, rank: PersistentMap<K, number>, index: PersistentMap<T, PersistentMap<K, number>>, nextRank: number, terms: Terms<V, T>) {
    this.#rows = rows;
    this.#rank = rank;
    this.#index = index;
    this.#nextRank = nextRank;
    this.#terms = terms;
  }

  static empty<K, V, T>(terms: Terms<V, T>): Table<K, V, T> {
    return new Table(OrderedMap<K, V>(), PersistentMap<K, number>(), PersistentMap<T, PersistentMap<K, number>>(), 0, terms);
  }

  get size(): number {
    return this.#rows.size;
  }

  get(key: K): V | undefined {
    return this.#rows.get(key);
  }

  has(key: K): boolean {
    return this.#rows.has(key);
  }

  keys(): MapIterator<K> {
    return this.#rows.keys();
  }

  values(): MapIterator<V> {
    return this.#rows.values();
  }

  entries(): MapIterator<[K, V]> {
    return this.#rows.entries();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#rows.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.#rows) callback(value, key, this);
  }

  /** The rows found under the term, in table order. */
  under(term: T): V[] {
    const keys = this.#index.get(term);
    if (keys === undefined) return [];
    return [...keys].sort((a, b) => a[1] - b[1]).map(([key]) => this.#row(key));
  }

  /** The table with the row set: a new key goes last, an existing one keeps its place. */
  with(key: K, value: V): Table<K, V, T> {
    const old = this.#rows.get(key);
    const known = this.#rank.get(key);
    const rank = known ?? this.#nextRank;
    const index = this.#reindex(key, rank, old === undefined ? [] : this.#terms(old), this.#terms(value));
    return new Table(this.#rows.set(key, value), known === undefined ? this.#rank.set(key, rank) : this.#rank, index, known === undefined ? rank + 1 : this.#nextRank, this.#terms);
  }

  without(key: K): Table<K, V, T> {
    const old = this.#rows.get(key);
    if (old === undefined) return this;
    const index = this.#reindex(key, 0, this.#terms(old), []);
    return new Table(this.#rows.delete(key), this.#rank.delete(key), index, this.#nextRank, this.#terms);
  }

  #row(key: K): V {
    const value = this.#rows.get(key);
    if (value === undefined) throw new Error(`table index names key ${String(key)}, which has no row: a table bug`);
    return value;
  }

  #reindex(key: K, rank: number, before: readonly T[], after: readonly T[]): PersistentMap<T, PersistentMap<K, number>> {
    let index = this.#index;
    for (const term of before) {
      if (after.includes(term)) continue;
      const keys = index.get(term)?.delete(key);
      index = keys === undefined || keys.size === 0 ? index.delete(term) : index.set(term, keys);
    }
    for (const term of after) {
      if (before.includes(term)) continue;
      index = index.set(term, (index.get(term) ?? PersistentMap<K, number>()).set(key, rank));
    }
    return index;
  }
}
