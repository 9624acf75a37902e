import { createHash, randomBytes } from 'node:crypto';

/**
 * Signs in the way the console's browser does, over plain HTTP: the authorization-code flow with
 * PKCE against the sign-in's OAuth endpoints, following the provider's redirects with its
 * cookies and posting its sign-in form with the Email and Password fields. For tests and scripts
 * against the local provider (Cognito's managed login would ask for MFA).
 */

export interface SignInClientSettings {
  /** The OAuth base URL (`/oauth2/authorize`, `/oauth2/token`). */
  readonly oauthUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

export interface SignedIn {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresIn: number;
  /** The provider's session cookies, as a browser would keep them (for signing out). */
  readonly cookies: CookieJar;
}

/** The result of a sign-in the provider refused: the status and page of its answer. */
export class SignInRefused extends Error {
  constructor(
    readonly status: number,
    readonly page: string,
  ) {
    super(`sign-in refused with ${status}`);
    this.name = 'SignInRefused';
  }
}

/** Just enough of a browser's cookie store for one host (names are unique across the provider's paths). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', text = ''] = attribute.split('=');
        return key.trim().toLowerCase() === 'expires' && Date.parse(text) <= Date.now();
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

/** Follows redirects on the provider's origin, with cookies, until one leaves it (or none is left). */
async function follow(
  jar: CookieJar,
  start: string,
  init: RequestInit,
  stayOn: string,
): Promise<{ response: Response; url: string }> {
  let url = start;
  let request = init;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      ...request,
      redirect: 'manual',
      headers: { ...(request.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.keep(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { response, url };
    url = new URL(location, url).href;
    if (new URL(url).origin !== stayOn) return { response, url };
    request = { method: 'GET' };
  }
  throw new Error('too many redirects while signing in');
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

export async function signInWithPassword(
  settings: SignInClientSettings,
  email: string,
  password: string,
  scope = 'openid email',
): Promise<SignedIn> {
  const jar = new CookieJar();
  const origin = new URL(settings.oauthUrl).origin;
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const authorize = new URL(`${settings.oauthUrl}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    scope,
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();

  const page = await follow(jar, authorize.href, { method: 'GET' }, origin);
  const html = await page.response.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (page.response.status !== 200 || !action || !/name="email"/.test(html) || !/name="password"/.test(html))
    throw new Error(`the sign-in page did not show its form (${page.response.status})`);

  const posted = await follow(
    jar,
    new URL(action.replaceAll('&amp;', '&'), page.url).href,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
    },
    origin,
  );
  if (!posted.url.startsWith(settings.redirectUri))
    throw new SignInRefused(posted.response.status, await posted.response.text());
  const back = new URL(posted.url);
  if (back.searchParams.get('state') !== state) throw new Error('the sign-in came back with another state');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`the sign-in came back with no code (${back.searchParams.get('error')})`);

  const exchanged = await fetch(`${settings.oauthUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      code,
      code_verifier: verifier,
    }),
  });
  const tokens = (await exchanged.json()) as {
    access_token?: string;
    id_token?: string;
    refresh_token?: string;
    expires_in?: number;
    error?: string;
  };
  if (!exchanged.ok || !tokens.access_token || !tokens.id_token)
    throw new Error(`the code exchange failed (${tokens.error ?? exchanged.status})`);
  return {
    accessToken: tokens.access_token,
    idToken: tokens.id_token,
    refreshToken: tokens.refresh_token,
    expiresIn: tokens.expires_in ?? 0,
    cookies: jar,
  };
}

/** Signs out at the provider as the console does (Cognito's `/logout` with `client_id` and `logout_uri`). */
export async function signOut(
  settings: SignInClientSettings,
  signedIn: SignedIn,
): Promise<{ status: number; location: string | null }> {
  const logout = new URL(`${settings.oauthUrl}/logout`);
  logout.search = new URLSearchParams({
    client_id: settings.clientId,
    logout_uri: settings.redirectUri,
  }).toString();
  const response = await fetch(logout, {
    redirect: 'manual',
    headers: { cookie: signedIn.cookies.header() },
  });
  signedIn.cookies.keep(response);
  return { status: response.status, location: response.headers.get('location') };
}

/** Exchanges a refresh token as the console does when its access token nears its end. */
export async function refresh(
  settings: SignInClientSettings,
  refreshToken: string,
): Promise<{ status: number; accessToken?: string; refreshToken?: string }> {
  const response = await fetch(`${settings.oauthUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: settings.clientId,
      refresh_token: refreshToken,
    }),
  });
  const body = (await response.json()) as { access_token?: string; refresh_token?: string };
  return {
    status: response.status,
    ...(body.access_token ? { accessToken: body.access_token } : {}),
    // A public client's refresh token is rotated: the next refresh needs this one.
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
  };
}
