/**
 * Errors of the report writers. Each carries a stable `code`; the message says what failed and
 * what to do about it.
 *
 * | code                  | meaning                                                            |
 * |-----------------------|--------------------------------------------------------------------|
 * | `messages-unreadable` | the Cucumber messages file could not be read                        |
 * | `messages-malformed`  | a line of the messages file is not a Cucumber message we can use    |
 * | `certificate-invalid` | a certificate about to be written does not match its schema         |
 * | `certificate-malformed` | a certificate read back (to verify it) is not JSON or not a certificate |
 * | `transcripts-malformed` | a transcripts file read back is not JSON or not a transcripts file  |
 * | `shards-mismatch`     | shard reports to merge are not the slices of one run (`switchboard merge`) |
 * | `certificate-unreadable` | a certificate to check could not be read                       |
 * | `key-invalid`         | a signing or public key file is not an Ed25519 key in PEM            |
 * | `seal-broken`         | a report folder is not what its certificate sealed (a shard to merge) |
 */
export type ReportErrorCode =
  | 'messages-unreadable'
  | 'messages-malformed'
  | 'certificate-invalid'
  | 'certificate-malformed'
  | 'certificate-unreadable'
  | 'transcripts-malformed'
  | 'shards-mismatch'
  | 'key-invalid'
  | 'seal-broken';

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
