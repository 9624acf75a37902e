/**
 * Who is acting: the audited actor, and the caller a route authenticated. No HTTP types here,
 * so use cases (functions/services) take them without knowing HTTP.
 */

import type { RouteAuth } from '../contract';

export interface Actor {
  readonly role: 'patient' | 'hospital' | 'coordinator' | 'system';
  /**
   * Who, by a stable id, never a name or an email: a signed-in person's subject (`sub`), the
   * automation client as `client:<client_id>`, an API token's subject (`hospital#…`, `case#…`),
   * or a function's name.
   */
  readonly id: string;
}

export type AuthContext =
  | { readonly role: 'public'; readonly actor: Actor }
  | { readonly role: 'coordinator'; readonly actor: Actor }
  | { readonly role: 'patient'; readonly caseId: string; readonly actor: Actor }
  | { readonly role: 'hospital'; readonly hospitalId: string; readonly actor: Actor };

export type AuthFor<R extends RouteAuth> = Extract<AuthContext, { role: R }>;
