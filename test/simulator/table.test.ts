import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Table } from '../../simulator/model/table.ts';

/** A row is found under each of its tags. */
interface Row {
  readonly tags: readonly string[];
  readonly version: number;
}

const empty = (): Table<string, Row, string> => Table.empty((row: Row) => row.tags);
const row = (tags: readonly string[], version = 0): Row => ({ tags, version });

type Op = { readonly kind: 'with'; readonly key: string; readonly row: Row } | { readonly kind: 'without'; readonly key: string };

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];
const TAGS = ['x', 'y', 'z'];
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('with' as const),
    key: fc.constantFrom(...KEYS),
    row: fc.record({ tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }), version: fc.nat() }),
  }),
  fc.record({ kind: fc.constant('without' as const), key: fc.constantFrom(...KEYS) }),
);

describe('model: the persistent table behind state.calls and state.agents', () => {
  it('reads like a Map in insertion order; a replaced row keeps its place', () => {
    const table = empty().with('b', row([])).with('a', row([])).with('b', row([], 1));
    assert.deepEqual([...table.keys()], ['b', 'a']);
    assert.deepEqual(table.get('b'), row([], 1));
    assert.equal(table.size, 2);
    assert.equal(table.has('c'), false);
  });

  it('leaves the table it was written from unchanged', () => {
    const before = empty().with('a', row(['x']));
    const after = before
      .with('a', row(['y']))
      .with('b', row(['x']))
      .without('a');
    assert.deepEqual([...before], [['a', row(['x'])]]);
    assert.deepEqual(before.under('x'), [row(['x'])]);
    assert.deepEqual(after.under('x'), [row(['x'])]);
    assert.deepEqual(before.under('y'), []);
  });

  it('finds rows under a tag in table order, not in the order they gained the tag', () => {
    const table = empty()
      .with('first', row([]))
      .with('second', row(['x'], 2))
      .with('first', row(['x'], 1));
    assert.deepEqual(table.under('x'), [row(['x'], 1), row(['x'], 2)]);
    assert.deepEqual(
      [...table.keys()].filter((k) => table.get(k)?.tags.includes('x')),
      ['first', 'second'],
    );
  });

  it('a removed key that comes back goes last', () => {
    const table = empty()
      .with('a', row(['x']))
      .with('b', row(['x']))
      .without('a')
      .with('a', row(['x'], 2));
    assert.deepEqual([...table.keys()], ['b', 'a']);
    assert.deepEqual(table.under('x'), [row(['x']), row(['x'], 2)]);
  });

  it('after any writes, agrees with a plain Map: rows, order, size and every tag lookup', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let table = empty();
        const model = new Map<string, Row>();
        for (const o of ops) {
          if (o.kind === 'with') {
            table = table.with(o.key, o.row);
            model.set(o.key, o.row);
          } else {
            table = table.without(o.key);
            model.delete(o.key);
          }
        }
        assert.deepEqual([...table], [...model]);
        assert.equal(table.size, model.size);
        for (const key of KEYS) assert.equal(table.get(key), model.get(key));
        for (const tag of TAGS)
          assert.deepEqual(
            table.under(tag),
            [...model.values()].filter((r) => r.tags.includes(tag)),
          );
      }),
    );
  });
});
