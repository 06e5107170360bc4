/** Bearer tokens of the lab's servers (the control channel, the face off loopback): one rule, one generator. */
import { randomBytes } from 'node:crypto';

const TOKEN_PATTERN = /^[\x21-\x7e]{16,256}$/;

/** Why a token cannot be used, or null: 16 to 256 visible ASCII characters, no spaces. */
export function tokenProblem(token: string): string | null {
  return TOKEN_PATTERN.test(token)
    ? null
    : `expected 16 to 256 visible ASCII characters (no spaces), got ${token.length} character${token.length === 1 ? '' : 's'}${/[^\x21-\x7e]/.test(token) ? ' including spaces or non-ASCII' : ''}`;
}

/** A fresh random token: 32 URL-safe characters (192 bits). */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}
