import type { Issue } from '../../src/contract/validation.ts';

/**
 * unreadable: the file cannot be read; syntax: not YAML/JSON; schema: a value has the wrong
 * shape; semantic: well-formed but inconsistent (unknown ref, unsorted timeline, …);
 * stepFailed: the switch refused a step while the script ran.
 */
export type ScriptErrorCode = 'unreadable' | 'syntax' | 'schema' | 'semantic' | 'stepFailed';

const MAX_LISTED = 5;

/** A script problem naming the file, the path inside it and what was expected. */
export class ScriptError extends Error {
  override readonly name = 'ScriptError';
  readonly code: ScriptErrorCode;
  readonly file: string;
  readonly issues: readonly Issue[];

  constructor(code: ScriptErrorCode, file: string, issues: readonly Issue[]) {
    const listed = issues.slice(0, MAX_LISTED).map((i) => `${i.path}: ${i.message}`);
    const more = issues.length > MAX_LISTED ? ` (and ${issues.length - MAX_LISTED} more)` : '';
    super(`${file}: ${listed.join('; ')}${more}`);
    this.code = code;
    this.file = file;
    this.issues = issues;
  }
}
