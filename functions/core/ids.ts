import { createHash, randomBytes } from 'node:crypto';

/** Random, unguessable ids: 16 bytes (128 bits) rendered as base32-ish lowercase. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('base64url').replace(/[-_]/g, '').slice(0, 22).toLowerCase()}`;
}

const ID = /^[a-z]{1,4}_[a-z0-9]{8,40}$/;
export function isId(value: string): boolean {
  return ID.test(value);
}

/** Who API tokens are for. Coordinators have none: they present sign-in access tokens (auth/coordinator-authorizer). */
/** `booking`: a visitor's personal link to their strategy call (view, reschedule, cancel), nothing else. */
export type TokenRole = 'patient' | 'hospital' | 'booking';

const TOKEN_PREFIX: Record<TokenRole, string> = { patient: 'pt', hospital: 'ht', booking: 'bt' };

/** A bearer token of 256 random bits. Only its hash is ever stored. */
export function newToken(role: TokenRole): string {
  return `${TOKEN_PREFIX[role]}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Whether a bearer has a token's shape: a two-letter kind and 256 bits. Which role it opens, if
 * any, is the token store's answer, so a well-formed bearer of another kind is looked up and
 * refused as unknown (audited under its own hash), never taken for junk.
 */
export function tokenLooksValid(token: string): boolean {
  return /^[a-z]{2}_[A-Za-z0-9_-]{43}$/.test(token);
}

/** Step Functions execution name of a case's submission: one execution per submission, ever. */
export function executionName(caseId: string, submission: number): string {
  return `${caseId}-${submission}`;
}
