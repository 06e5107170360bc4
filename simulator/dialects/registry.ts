/** The dialects this build of the simulator speaks, by the name `--dialect` gives. */
import { DIALECT_NAMES, type DialectName } from '../protocol/dialect.ts';
import { createAmiDialect } from './ami.ts';
import type { Dialect } from './dialect.ts';
import { createCstaXmlDialect } from './csta-xml.ts';
import { createJsonDialect } from './json.ts';

export type DialectLookup = { readonly ok: true; readonly dialect: Dialect } | { readonly ok: false; readonly reason: string };

export function isDialectName(name: string): name is DialectName {
  return (DIALECT_NAMES as readonly string[]).includes(name);
}

export function dialectNamed(name: DialectName): DialectLookup {
  switch (name) {
    case 'json':
      return { ok: true, dialect: createJsonDialect() };
    case 'ami':
      return { ok: true, dialect: createAmiDialect() };
    case 'csta-xml':
      return { ok: true, dialect: createCstaXmlDialect() };
  }
}
