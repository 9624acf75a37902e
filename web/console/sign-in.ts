import { signIn } from '../../functions/contract/sign-in';

/**
 * Sign-in for the console: OAuth 2 authorization code with PKCE (S256) against the sign-in's
 * OAuth endpoints (Cognito's managed login in AWS, the local OpenID Connect provider locally).
 * The access token lives in memory only; the refresh token in this tab's sessionStorage, so a
 * reload does not ask for the password again while a closed tab forgets it. Nothing goes to
 * localStorage or to a cookie a script can read.
 */

/** What the page is served with (a JSON data block, read once). */
export interface SignInSettings {
  /** Base of `/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke` and `/logout`. */
  readonly oauthUrl: string;
  readonly clientId: string;
}

/** Renew this long before the access token expires, so no call goes out with a stale one. */
const RENEW_EARLY_MS = 60_000;
const SCOPES = 'openid email';

/** The settings block a page carries (`console-settings`, `portal-settings`). */
export function readSignInSettings(blockId = 'console-settings'): SignInSettings {
  const block = document.getElementById(blockId);
  const parsed = JSON.parse(block?.textContent ?? '{}') as Partial<SignInSettings>;
  if (!parsed.oauthUrl || !parsed.clientId) throw new Error('the page carries no sign-in settings');
  return { oauthUrl: parsed.oauthUrl.replace(/\/$/, ''), clientId: parsed.clientId };
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomText = (bytes: number) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The claims of a JWT, read for display only (the API verifies tokens; the page never trusts them). */
function claimsOf(token: string | undefined): Record<string, unknown> {
  const payload = token?.split('.')[1];
  if (!payload) return {};
  try {
    const text = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0)))) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

interface TokenResponse {
  readonly access_token: string;
  readonly expires_in?: number;
  readonly refresh_token?: string;
  readonly id_token?: string;
}

/** A sign-in attempt left for the provider: checked when it sends the browser back. */
interface PendingSignIn {
  readonly state: string;
  readonly verifier: string;
  /** The console route to return to (its hash). */
  readonly route: string;
}

export type ResumeResult =
  | { readonly kind: 'signed-in'; readonly route?: string }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'failed' };

export class Session {
  private access: { token: string; expiresAt: number } | undefined;
  private who: string | undefined;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private renewing: Promise<boolean> | undefined;

  /** Each page keeps its own session: the console's and the portal's never mix. */
  private readonly refreshKey: string;
  private readonly pendingKey: string;

  constructor(
    private readonly settings: SignInSettings,
    /** Where the provider sends the browser back: the page's own address, without query or hash. */
    private readonly consoleUrl: string,
    storagePrefix = 'console',
  ) {
    this.refreshKey = `${storagePrefix}-refresh-token`;
    this.pendingKey = `${storagePrefix}-sign-in`;
  }

  /** Who is signed in, for the banner: the ID token's email (display only). */
  get signedInAs(): string | undefined {
    return this.who;
  }

  /**
   * Finishes a sign-in the provider sent the browser back from (checking `state`), or renews
   * from the refresh token this tab holds. Cleans the code out of the address bar.
   */
  async resume(): Promise<ResumeResult> {
    const query = new URLSearchParams(window.location.search);
    if (query.has('code') || query.has('error')) {
      const pending = this.takePending();
      history.replaceState(null, '', `${window.location.pathname}${pending?.route ?? ''}`);
      const code = query.get('code');
      if (!pending || !code || query.get('state') !== pending.state) return { kind: 'failed' };
      const tokens = await this.tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.consoleUrl,
        code_verifier: pending.verifier,
      });
      return tokens ? { kind: 'signed-in', route: pending.route } : { kind: 'failed' };
    }
    return (await this.renew()) ? { kind: 'signed-in' } : { kind: 'signed-out' };
  }

  /** Sends the browser to the provider's sign-in page; it comes back to `resume`. */
  async signIn(): Promise<void> {
    const pending: PendingSignIn = {
      state: randomText(24),
      verifier: randomText(48),
      route: window.location.hash,
    };
    sessionStorage.setItem(this.pendingKey, JSON.stringify(pending));
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.settings.clientId,
      redirect_uri: this.consoleUrl,
      scope: SCOPES,
      state: pending.state,
      code_challenge: await challengeOf(pending.verifier),
      code_challenge_method: 'S256',
    });
    window.location.assign(`${this.settings.oauthUrl}/oauth2/authorize?${query}`);
  }

  /** A current access token, renewed first when it is about to expire; undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    if (this.access && this.access.expiresAt - Date.now() > RENEW_EARLY_MS) return this.access.token;
    return (await this.renew()) ? this.access?.token : undefined;
  }

  /** Trades the refresh token for a new access token (one exchange at a time). */
  renew(): Promise<boolean> {
    this.renewing ??= (async () => {
      const refreshToken = sessionStorage.getItem(this.refreshKey);
      if (!refreshToken) return false;
      const tokens = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
      // A refused refresh token is of no further use.
      if (!tokens) this.forget();
      return tokens !== undefined;
    })().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /**
   * Ends the session everywhere: the refresh token is revoked, the tab forgets every token,
   * and the provider's own session ends at its logout endpoint, which sends the browser back
   * to the console (signed out, so it shows the sign-in page).
   */
  async signOut(): Promise<void> {
    const refreshToken = sessionStorage.getItem(this.refreshKey);
    this.forget();
    if (refreshToken) {
      await fetch(`${this.settings.oauthUrl}/oauth2/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: refreshToken, client_id: this.settings.clientId }),
        credentials: 'omit',
      }).catch(() => undefined);
    }
    const query = new URLSearchParams({ client_id: this.settings.clientId, logout_uri: this.consoleUrl });
    window.location.assign(`${this.settings.oauthUrl}/logout?${query}`);
  }

  /** Every token out of memory and out of the tab. */
  forget(): void {
    this.access = undefined;
    this.who = undefined;
    clearTimeout(this.renewTimer);
    sessionStorage.removeItem(this.refreshKey);
  }

  private takePending(): PendingSignIn | undefined {
    const saved = sessionStorage.getItem(this.pendingKey);
    sessionStorage.removeItem(this.pendingKey);
    if (!saved) return undefined;
    try {
      return JSON.parse(saved) as PendingSignIn;
    } catch {
      return undefined;
    }
  }

  private async tokenRequest(grant: Record<string, string>): Promise<TokenResponse | undefined> {
    let response: Response;
    try {
      response = await fetch(`${this.settings.oauthUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...grant, client_id: this.settings.clientId }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      return undefined;
    }
    if (!response.ok) return undefined;
    const tokens = (await response.json()) as TokenResponse;
    if (!tokens.access_token) return undefined;
    const lifetimeSeconds = tokens.expires_in ?? signIn.accessTokenMinutes * 60;
    this.access = { token: tokens.access_token, expiresAt: Date.now() + lifetimeSeconds * 1000 };
    // Cognito keeps the refresh token on a refresh; a provider that rotates it sends a new one.
    if (tokens.refresh_token) sessionStorage.setItem(this.refreshKey, tokens.refresh_token);
    if (tokens.id_token) {
      const claims = claimsOf(tokens.id_token);
      this.who = typeof claims.email === 'string' ? claims.email : undefined;
    }
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(
      () => void this.renew(),
      Math.max(lifetimeSeconds * 1000 - RENEW_EARLY_MS, 5_000),
    );
    return tokens;
  }
}

/**
 * Calls `onIdle` once the person has not typed, clicked, touched or scrolled for the
 * sign-in's idle limit. A tab in the background may have its timers slowed, so the time is
 * checked again whenever it becomes visible.
 */
export function watchIdle(onIdle: () => void, minutes: number = signIn.consoleIdleMinutes): () => void {
  const limit = minutes * 60_000;
  let last = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(check, limit - (Date.now() - last));
  };
  const check = () => {
    if (Date.now() - last >= limit) {
      stop();
      onIdle();
    } else arm();
  };
  const active = () => {
    last = Date.now();
  };
  const visible = () => {
    if (document.visibilityState === 'visible') check();
  };
  const events = ['keydown', 'pointerdown', 'wheel', 'touchstart', 'input'] as const;
  for (const name of events) document.addEventListener(name, active, { passive: true, capture: true });
  document.addEventListener('visibilitychange', visible);
  const stop = () => {
    clearTimeout(timer);
    for (const name of events) document.removeEventListener(name, active, { capture: true });
    document.removeEventListener('visibilitychange', visible);
  };
  arm();
  return stop;
}
