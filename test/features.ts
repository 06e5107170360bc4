/** Reads the suite's feature files into pickles (with tags), as Cucumber will see them. */
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Pickle } from '@cucumber/messages';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export const FEATURES_DIR = new URL('../features/', import.meta.url).pathname;

export interface FeaturePickle {
  readonly uri: string;
  readonly name: string;
  readonly tags: readonly string[];
}

export async function loadPickles(dir = FEATURES_DIR): Promise<FeaturePickle[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.feature'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const out: FeaturePickle[] = [];
  for (const file of files) {
    const uri = relative(dir, file);
    const newId = IdGenerator.uuid();
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    const document = parser.parse(await readFile(file, 'utf8'));
    const pickles: readonly Pickle[] = compile(document, uri, newId);
    for (const pickle of pickles) out.push({ uri, name: pickle.name, tags: pickle.tags.map((t) => t.name) });
  }
  return out;
}
