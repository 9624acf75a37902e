import { createHash, randomBytes } from 'node:crypto';

/** Random, unguessable ids: 16 bytes (128 bits) rendered as base32-ish lowercase. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('base64url').replace(/[-_]/g, '').slice(0, 22).toLowerCase()}`;
}

const ID = /^[a-z]{1,4}_[a-z0-9]{8,40}$/;
export function isId(value: string): boolean {
  return ID.test(value);
}

export type TokenRole = 'patient' | 'hospital' | 'coordinator';

const TOKEN_PREFIX: Record<TokenRole, string> = { patient: 'pt', hospital: 'ht', coordinator: 'ct' };

/** A bearer token of 256 random bits. Only its hash is ever stored. */
export function newToken(role: TokenRole): string {
  return `${TOKEN_PREFIX[role]}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenLooksValid(token: string): boolean {
  return /^(pt|ht|ct)_[A-Za-z0-9_-]{43}$/.test(token);
}

/** Step Functions execution name of a case's submission: one execution per submission, ever. */
export function executionName(caseId: string, submission: number): string {
  return `${caseId}-${submission}`;
}
