/**
 * Errors of the report writers. Each carries a stable `code`; the message says what failed and
 * what to do about it.
 *
 * | code                  | meaning                                                            |
 * |-----------------------|--------------------------------------------------------------------|
 * | `messages-unreadable` | the Cucumber messages file could not be read                        |
 * | `messages-malformed`  | a line of the messages file is not a Cucumber message we can use    |
 * | `certificate-invalid` | a certificate about to be written does not match its schema         |
 */
export type ReportErrorCode = 'messages-unreadable' | 'messages-malformed' | 'certificate-invalid';

export class ReportError extends Error {
  override readonly name = 'ReportError';

  constructor(
    readonly code: ReportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
