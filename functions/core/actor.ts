/**
 * Who is acting: the audited actor, and the caller a route authenticated. No HTTP types here,
 * so use cases (functions/services) take them without knowing HTTP.
 */

import type { RouteAuth } from '../contract';

export interface Actor {
  readonly role: 'patient' | 'hospital' | 'coordinator' | 'system';
  /** A token subject, an IAM principal or a function name: never a person's name. */
  readonly id: string;
}

export type AuthContext =
  | { readonly role: 'public'; readonly actor: Actor }
  | { readonly role: 'coordinator'; readonly actor: Actor }
  | { readonly role: 'patient'; readonly caseId: string; readonly actor: Actor }
  | { readonly role: 'hospital'; readonly hospitalId: string; readonly actor: Actor };

export type AuthFor<R extends RouteAuth> = Extract<AuthContext, { role: R }>;
