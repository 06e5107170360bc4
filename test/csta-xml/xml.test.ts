/** The safe XML layer: entity tricks, markup other than elements, nesting and size all get a clear error; what is allowed reads exactly. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseXml, writeXml, type XmlErrorCode } from '../../src/contract/csta-xml/xml.ts';

const LIMITS = { maxBytes: 4096, maxDepth: 8 };

function refusedAs(text: string, code: XmlErrorCode, message: RegExp): void {
  const parsed = parseXml(text, LIMITS);
  assert.equal(parsed.ok, false, `expected ${code} for ${text.slice(0, 60)}`);
  if (!parsed.ok) {
    assert.equal(parsed.error.code, code);
    assert.match(parsed.error.message, message);
  }
}

describe('safe XML', () => {
  it('refuses an XXE document (external entity) before any parser sees it', () => {
    refusedAs('<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><MakeCall>&xxe;</MakeCall>', 'doctypeRefused', /no DOCTYPE/);
  });

  it('refuses a billion-laughs document', () => {
    const lol =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>';
    refusedAs(lol, 'doctypeRefused', /no DOCTYPE/);
  });

  it('refuses an entity declaration, a lowercase doctype and a use of an undeclared entity', () => {
    refusedAs('<a><!ENTITY x "y"></a>', 'doctypeRefused', /ENTITY/);
    refusedAs('<!doctype a><a/>', 'doctypeRefused', /DOCTYPE/);
    refusedAs('<a>&xxe;</a>', 'unknownEntity', /predefined entities.*"&xxe;"/);
    refusedAs('<a>&#0;</a>', 'unknownEntity', /"&#0;"/);
  });

  it('refuses comments, CDATA and processing instructions other than the XML declaration', () => {
    refusedAs('<a><!-- hi --></a>', 'markupRefused', /a comment/);
    refusedAs('<a><![CDATA[x]]></a>', 'markupRefused', /CDATA/);
    refusedAs('<a><?php echo 1; ?></a>', 'markupRefused', /processing instruction/);
    refusedAs('  <?xml version="1.0"?><a/>', 'markupRefused', /processing instruction/);
  });

  it('refuses nesting past the limit, however deep, without overflowing the stack', () => {
    refusedAs(`${'<a>'.repeat(9)}${'</a>'.repeat(9)}`, 'tooDeep', /at most 8 deep/);
    const parsed = parseXml(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`, { maxBytes: 10_000_000, maxDepth: 32 });
    assert.equal(parsed.ok ? 'ok' : parsed.error.code, 'tooDeep');
  });

  it('counts nesting right across quoted ">" in attributes and self-closing elements', () => {
    assert.equal(parseXml(`${'<a x="1>2"><b/>'.repeat(8)}${'</a>'.repeat(8)}`, LIMITS).ok, true);
  });

  it('refuses a document past the size limit, counted in UTF-8 bytes', () => {
    refusedAs(`<a>${'é'.repeat(2048)}</a>`, 'tooLarge', /at most 4096 bytes, got 4103/);
  });

  it('refuses what is not well-formed, naming line and column', () => {
    refusedAs('<a><b></a>', 'notWellFormed', /closing tag 'b'.*line 1, column 7/);
    refusedAs('<a/><b/>', 'notWellFormed', /exactly one root element/);
    refusedAs('<a>1 & 2</a>', 'notWellFormed', /'&'/);
  });

  it('reads elements by local name, the root namespace from its prefix or default, the five predefined entities and character references', () => {
    const parsed = parseXml(
      '<?xml version="1.0"?><c:A xmlns:c="urn:c"><c:b kind="x">&lt;&amp;&gt;&quot;&apos;&#65;&#x42;</c:b><c:l>1</c:l><c:l>2</c:l><c:e/></c:A>',
      LIMITS,
    );
    assert.deepEqual(parsed, { ok: true, document: { name: 'A', namespace: 'urn:c', body: { b: '<&>"\'AB', l: ['1', '2'], e: '' } } });
  });

  it('refuses element names that would reach a prototype; other names of Object.prototype stay data under another key', () => {
    refusedAs('<a><__proto__>x</__proto__></a>', 'notWellFormed', /prototype pollution/);
    refusedAs('<a><constructor>x</constructor></a>', 'notWellFormed', /prototype pollution/);
    // fast-xml-parser renames them; no CSTA element is named so, so a message holding one fails its schema.
    assert.deepEqual(parseXml('<a><toString>y</toString></a>', LIMITS), { ok: true, document: { name: 'a', namespace: '', body: { __toString: 'y' } } });
  });

  it('writes text and attributes escaped, so what it writes reads back the same', () => {
    const text = writeXml('A', 'urn:a', { b: '<&>"\'', c: [{ d: '1' }, { d: '2' }], e: {}, f: { '@xmlns': 'urn:f"', g: 'h' } });
    assert.equal(
      text,
      '<?xml version="1.0" encoding="UTF-8"?><A xmlns="urn:a"><b>&lt;&amp;&gt;"\'</b><c><d>1</d></c><c><d>2</d></c><e/><f xmlns="urn:f&quot;"><g>h</g></f></A>',
    );
    assert.deepEqual(parseXml(text, LIMITS), {
      ok: true,
      document: { name: 'A', namespace: 'urn:a', body: { b: '<&>"\'', c: [{ d: '1' }, { d: '2' }], e: '', f: { g: 'h' } } },
    });
  });
});
