/**
 * A persistent table: rows by key, iterated in insertion order (a replaced row keeps its place),
 * with an index from terms to rows. Every write returns a new table sharing structure with the
 * old one (immutable's hash-array-mapped Map), so a model step costs O(log n), not a copy of every
 * row, and the old state stays valid (decision 0019). Each row carries its insertion rank, and
 * order is only built when someone iterates (the truth views, not the switch's own steps), then
 * kept: the table never changes. Reads are ReadonlyMap's, so readers of the model's state need not know.
 */
import { Map as PersistentMap } from 'immutable';

export type Terms<V, T> = (value: V) => readonly T[];

interface Row<V> {
  readonly value: V;
  /** Insertion order: a key's first write. */
  readonly rank: number;
}

export class Table<K, V, T> implements ReadonlyMap<K, V> {
  readonly #rows: PersistentMap<K, Row<V>>;
  readonly #index: PersistentMap<T, PersistentMap<K, number>>;
  readonly #nextRank: number;
  readonly #terms: Terms<V, T>;
  /** The rows in order, built on first iteration. */
  #ordered: Map<K, V> | undefined;

  private constructor(rows: PersistentMap<K, Row<V>>, index: PersistentMap<T, PersistentMap<K, number>>, nextRank: number, terms: Terms<V, T>) {
    this.#rows = rows;
    this.#index = index;
    this.#nextRank = nextRank;
    this.#terms = terms;
  }

  static empty<K, V, T>(terms: Terms<V, T>): Table<K, V, T> {
    return new Table(PersistentMap<K, Row<V>>(), PersistentMap<T, PersistentMap<K, number>>(), 0, terms);
  }

  get size(): number {
    return this.#rows.size;
  }

  get(key: K): V | undefined {
    return this.#rows.get(key)?.value;
  }

  has(key: K): boolean {
    return this.#rows.has(key);
  }

  keys(): MapIterator<K> {
    return this.#inOrder().keys();
  }

  values(): MapIterator<V> {
    return this.#inOrder().values();
  }

  entries(): MapIterator<[K, V]> {
    return this.#inOrder().entries();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#inOrder().entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.#inOrder()) callback(value, key, this);
  }

  /** The rows found under the term, in table order. */
  under(term: T): V[] {
    const keys = this.#index.get(term);
    if (keys === undefined) return [];
    return [...keys].sort((a, b) => a[1] - b[1]).map(([key]) => this.#row(key).value);
  }

  /** The table with the row set: a new key goes last, an existing one keeps its place. */
  with(key: K, value: V): Table<K, V, T> {
    const old = this.#rows.get(key);
    const rank = old?.rank ?? this.#nextRank;
    const index = this.#reindex(key, rank, old === undefined ? [] : this.#terms(old.value), this.#terms(value));
    return new Table(this.#rows.set(key, { value, rank }), index, old === undefined ? rank + 1 : this.#nextRank, this.#terms);
  }

  without(key: K): Table<K, V, T> {
    const old = this.#rows.get(key);
    if (old === undefined) return this;
    const index = this.#reindex(key, 0, this.#terms(old.value), []);
    return new Table(this.#rows.delete(key), index, this.#nextRank, this.#terms);
  }

  #inOrder(): Map<K, V> {
    this.#ordered ??= new Map([...this.#rows].sort((a, b) => a[1].rank - b[1].rank).map(([key, row]) => [key, row.value]));
    return this.#ordered;
  }

  #row(key: K): Row<V> {
    const row = this.#rows.get(key);
    if (row === undefined) throw new Error(`table index names key ${String(key)}, which has no row: a table bug`);
    return row;
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
