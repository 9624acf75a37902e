import { createHash } from 'node:crypto';
import { auditOnce } from '../adapters/audit-log';
import { countInMinute } from '../adapters/rate-limiter';
import { hashToken } from '../core/ids';

export interface Refusal {
  readonly reason: string;
  /** A well-formed token that was refused; missing and malformed ones are not tokens. */
  readonly token?: string;
  /**
   * The subject of a sign-in token whose signature verified (so the subject is genuine), refused
   * for what it may do or for having expired: the refusal then names the person, by a prefix of
   * the hash of their subject, whichever token they held.
   */
  readonly subject?: string;
  readonly routeKey?: string;
  readonly sourceIp?: string;
  readonly now?: number;
}

/** Sort keys recorded by this instance in the current minute: repeats skip the write. */
const recorded = new Set<string>();
let recordedMinute = -1;
const RECORDED_MAX = 10_000;

/**
 * Audits a refused token, bounded: one audit event per refused token (or, with no token, per
 * source) per route, reason and minute, under a key derived from those, so a flood of refusals adds
 * items only as it adds distinct tokens, sources, routes and minutes. How many refusals each
 * token or source had in a minute is counted in the rate-limit table (audit events are never
 * updated), and the count is audited when it reaches 10, 100, 1,000 and so on. The first
 * refusal of each distinct token is always recorded.
 *
 * A token is named by a prefix of its hash, a source by a prefix of the hash of its address, a
 * verified sign-in subject by a prefix of its hash: neither the token, the address nor the
 * subject (let alone an email) is written.
 */
export async function auditRefusal(refusal: Refusal): Promise<void> {
  const now = refusal.now ?? Date.now();
  const minute = Math.floor(now / 60_000);
  const minuteAt = new Date(minute * 60_000).toISOString();
  const actorId = refusal.subject
    ? `subject:${sha256(refusal.subject).slice(0, 12)}`
    : refusal.token
      ? `token:${hashToken(refusal.token).slice(0, 12)}`
      : `source:${sha256(refusal.sourceIp ?? 'unknown').slice(0, 12)}`;
  const base = {
    actor: { role: 'system' as const, id: actorId },
    ...(refusal.routeKey ? { target: refusal.routeKey } : {}),
    outcome: 'denied' as const,
  };

  if (minute !== recordedMinute || recorded.size >= RECORDED_MAX) {
    recorded.clear();
    recordedMinute = minute;
  }
  const sortKey = `${minuteAt}#refused#${actorId}#${refusal.routeKey ?? '-'}#${refusal.reason}`;
  if (!recorded.has(sortKey)) {
    await auditOnce({ ...base, action: `auth.refused.${refusal.reason}` }, sortKey);
    recorded.add(sortKey);
  }

  const count = await countInMinute(`refused#${actorId}`, now);
  if (count >= 10 && /^10*$/.test(String(count))) {
    await auditOnce(
      {
        actor: base.actor,
        action: 'auth.refused.repeatedly',
        outcome: 'denied',
        counts: { refusalsThisMinute: count },
      },
      `${minuteAt}#refused#${actorId}#count#${count}`,
    );
  }
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
