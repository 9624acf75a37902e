import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, {
  type Account,
  type ClientMetadata,
  type Configuration,
  type JWK,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { signIn } from '../../functions/contract';
import { hospitalGroup } from '../../functions/core/sign-in-rules';

/**
 * The local identity provider: a real OpenID Connect provider (oidc-provider) on loopback,
 * configured to look like a Cognito user pool to its clients and to the API:
 *
 * - Cognito's endpoint paths: `/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`,
 *   `/oauth2/userInfo`, `/logout` (which takes Cognito's `logout_uri` as well as OIDC's
 *   `post_logout_redirect_uri`), the keys at `/.well-known/jwks.json`; the issuer is the base URL.
 * - Access tokens are RS256 JWTs with Cognito's claims: `token_use: "access"`, `client_id`,
 *   `scope`, `auth_time`, and for a person `username` and `cognito:groups`. One difference
 *   oidc-provider will not drop: its JWT access tokens carry `aud` (the API's resource server),
 *   which Cognito's lack; the API's verifier reads `client_id` and ignores `aud` in both worlds.
 * - Two clients: the console (public, authorization code with PKCE, refresh tokens, access tokens
 *   of an hour) and the machine client (client secret, client credentials, the automation
 *   scope, tokens of 24 hours).
 * - Sample people (coordinators, one staff member per hospital) with passwords generated afresh
 *   at each start, as are the signing keys: tokens of an earlier start stop verifying. No MFA and
 *   no consent screen: the sign-in page asks for Email and Password at once.
 *
 * Everything lives in memory (oidc-provider's development adapter): sessions and refresh tokens end
 * with the process, as they should for a local stand-in.
 */

/** Who may sign in, as the backend lists them in endpoints.json (`hospitalId` for staff). */
export interface SignInUser {
  readonly role: 'coordinator' | 'hospital';
  readonly hospitalId?: string;
  readonly email: string;
  readonly password: string;
}

/**
 * A person in the provider: the listed users, and any a test adds with groups of its choosing
 * (none, two hospitals) or access tokens that expire at once.
 */
export interface Person {
  readonly email: string;
  readonly password: string;
  readonly groups: readonly string[];
  /** The access token lifetime of this person's sign-ins (default an hour, the console's). */
  readonly accessTokenSeconds?: number;
}

export interface LocalIdentityProviderSettings {
  /** The API's base URL: the console's redirect is `<apiUrl>/console`, and its origin may call the token endpoints. */
  readonly apiUrl: string;
  readonly people: readonly Person[];
}

export interface LocalIdentityProvider {
  /** The issuer, which is also the OAuth base URL (`AUTH_ISSUER` = `AUTH_OAUTH_URL` locally). */
  readonly issuer: string;
  readonly consoleClientId: string;
  readonly machineClientId: string;
  /** Sets the clients and the people up and starts answering; until then every request gets a 503. */
  configure(settings: LocalIdentityProviderSettings): void;
  /** A machine access token (client credentials, the automation scope), valid 24 hours. */
  machineToken(): Promise<string>;
  stop(): Promise<void>;
}

/** The API's resource server: scopes are `<resourceServer>/<name>`, as in Cognito. */
const RESOURCE = `urn:${signIn.resourceServer}`;
const CONSOLE_CLIENT_ID = 'local-console';
const MACHINE_CLIENT_ID = 'local-automation';
const CONSOLE_TOKEN_SECONDS = signIn.accessTokenMinutes * 60;
/** The banner's coordinatorToken serves scripts and outside clients for a working day and more. */
export const MACHINE_TOKEN_SECONDS = 24 * 3600;
const OIDC_SCOPES = ['openid', 'email', 'profile', 'offline_access'];

/** A password to show in the banner: 24 random base64url characters (144 bits) in groups of six. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url').match(/.{6}/g)?.join('-') ?? '';
}

/** A person's subject: a UUID derived from their email, so audit trails stay one person across restarts. */
export function subjectFor(email: string): string {
  const hex = createHash('sha256').update(`local-sign-in:${email}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

interface Known extends Person {
  readonly sub: string;
  readonly passwordDigest: Buffer;
}

/** The coordinators and one staff member per hospital that `npm start` creates. */
export function samplePeople(hospitalIds: readonly string[]): { users: SignInUser[]; people: Person[] } {
  const users: SignInUser[] = [
    { role: 'coordinator', email: 'coordinator.one@local.example', password: newPassword() },
    { role: 'coordinator', email: 'coordinator.two@local.example', password: newPassword() },
    ...hospitalIds.map(
      (hospitalId): SignInUser => ({
        role: 'hospital',
        hospitalId,
        email: `staff.${hospitalId.replace(/^hosp_/, '')}@local.example`,
        password: newPassword(),
      }),
    ),
  ];
  const people = users.map((user) => ({
    email: user.email,
    password: user.password,
    groups: user.role === 'coordinator' ? [signIn.coordinatorGroup] : [hospitalGroup(user.hospitalId!)],
  }));
  return { users, people };
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );

const PAGE_STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f3f5f8; color: #1b1f24; }
main { box-sizing: border-box; width: min(26rem, 100% - 2rem); padding: 2rem; background: #fff; border-radius: 0.75rem; box-shadow: 0 1px 3px rgb(0 0 0 / 0.15); }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; }
p { margin: 0 0 1.25rem; color: #444c56; }
label { display: block; font-weight: 600; margin: 1rem 0 0.375rem; }
input { box-sizing: border-box; width: 100%; font: inherit; font-size: 1rem; padding: 0.75rem; border: 1px solid #6e7781; border-radius: 0.375rem; }
button { width: 100%; margin-top: 1.5rem; font: inherit; font-size: 1rem; font-weight: 600; padding: 0.875rem; border: 0; border-radius: 0.375rem; background: #0b5cad; color: #fff; cursor: pointer; }
button:hover { background: #094a8c; }
input:focus-visible, button:focus-visible { outline: 3px solid #e8a200; outline-offset: 2px; }
[role="alert"] { margin: 0 0 1rem; padding: 0.75rem; border-radius: 0.375rem; background: #fdecea; color: #8a1c12; font-weight: 600; }
`;

/** A page of the provider, with a CSP that lets in its own style and form posts to itself and to the API (its redirects). */
function sendPage(
  response: ServerResponse,
  status: number,
  title: string,
  body: string,
  formTargets: readonly string[],
) {
  const nonce = randomBytes(16).toString('base64');
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formTargets.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${PAGE_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`);
}

function signInForm(action: string, email: string, error: string | undefined): string {
  return `<h1>Sign in</h1>
<p>Oncology second opinions (local sign-in)</p>
${error ? `<div role="alert" id="sign-in-error">${escapeHtml(error)}</div>` : ''}
<form method="post" action="${escapeHtml(action)}" novalidate>
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}"${error ? ' aria-describedby="sign-in-error"' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${error ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>`;
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 8192) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Opens the provider's port on `host` (a free port unless given), so its issuer is known before
 * anything else starts; `configure` then sets the clients (which need the API's URL) and the people.
 */
export async function startIdentityProvider(host: string, port = 0): Promise<LocalIdentityProvider> {
  let handler: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined;
  const server: Server = createServer((request, response) => {
    if (!handler) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('Starting up.');
      return;
    }
    handler(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Something went wrong.');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;
  const machineSecret = randomBytes(32).toString('base64url');

  return {
    issuer,
    consoleClientId: CONSOLE_CLIENT_ID,
    machineClientId: MACHINE_CLIENT_ID,
    configure(settings) {
      const provider = createProvider(issuer, settings, machineSecret);
      handler = requestHandler(provider, settings);
    },
    async machineToken() {
      const response = await fetch(`${issuer}/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${MACHINE_CLIENT_ID}:${machineSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: signIn.automationScope }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      if (!response.ok || !body.access_token)
        throw new Error(
          `the local identity provider issued no machine token (${body.error ?? response.status})`,
        );
      return body.access_token;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function createProvider(issuer: string, settings: LocalIdentityProviderSettings, machineSecret: string) {
  const apiOrigin = new URL(settings.apiUrl).origin;
  const consoleUrl = `${settings.apiUrl}/console`;
  // Hospital staff sign in to the portal with the console's client, as in AWS.
  const hospitalPortalUrl = `${settings.apiUrl}/hospital`;
  const people = new Map<string, Known>();
  const bySub = new Map<string, Known>();
  for (const person of settings.people) {
    const known = {
      ...person,
      email: person.email.toLowerCase(),
      sub: subjectFor(person.email.toLowerCase()),
      passwordDigest: digest(person.password),
    };
    people.set(known.email, known);
    bySub.set(known.sub, known);
  }

  // Fresh at each start: nothing signed by an earlier start verifies.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(12).toString('base64url'),
    alg: 'RS256',
    use: 'sig',
  } as JWK;

  const clients: ClientMetadata[] = [
    {
      client_id: CONSOLE_CLIENT_ID,
      client_name: 'Coordinator console (local)',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [consoleUrl, hospitalPortalUrl],
      post_logout_redirect_uris: [consoleUrl, hospitalPortalUrl],
      scope: OIDC_SCOPES.join(' '),
    },
    {
      client_id: MACHINE_CLIENT_ID,
      client_secret: machineSecret,
      client_name: 'Automation (local)',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: signIn.automationScope,
    },
  ];

  const personOf = (accountId: string | undefined) => (accountId ? bySub.get(accountId) : undefined);

  const configuration: Configuration = {
    clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    routes: {
      authorization: '/oauth2/authorize',
      token: '/oauth2/token',
      end_session: '/logout',
      revocation: '/oauth2/revoke',
      userinfo: '/oauth2/userInfo',
      jwks: '/.well-known/jwks.json',
    },
    scopes: [...OIDC_SCOPES, signIn.automationScope],
    // ID tokens carry what Cognito's do: email, groups and username.
    claims: {
      openid: ['sub', 'cognito:username', 'cognito:groups'],
      email: ['email', 'email_verified'],
    },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: endSessionAtOnce },
      resourceIndicators: {
        enabled: true,
        // Cognito takes no resource parameter: every access token is for the API.
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== RESOURCE) throw new Error('unknown resource');
          return {
            scope: signIn.automationScope,
            audience: signIn.resourceServer,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: {
      AccessToken: (_ctx, token) => personOf(token.accountId)?.accessTokenSeconds ?? CONSOLE_TOKEN_SECONDS,
      ClientCredentials: MACHINE_TOKEN_SECONDS,
      AuthorizationCode: 60,
      IdToken: CONSOLE_TOKEN_SECONDS,
      RefreshToken: 30 * 24 * 3600,
      Interaction: 15 * 60,
      Session: 12 * 3600,
      Grant: 30 * 24 * 3600,
    },
    // Cognito issues a refresh token with every code exchange; here it ends with the session,
    // so signing out at the provider ends the console's refreshes too.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => true,
    extraTokenClaims: async (ctx, token) => {
      // When the person signed in (the code or refresh token carries it); a machine token's is its issue.
      const { AuthorizationCode, RefreshToken } = ctx.oidc.entities as {
        AuthorizationCode?: { authTime?: number };
        RefreshToken?: { authTime?: number };
      };
      const authTime = AuthorizationCode?.authTime ?? RefreshToken?.authTime ?? Math.floor(Date.now() / 1000);
      if (token.kind === 'ClientCredentials') return { token_use: 'access', auth_time: authTime };
      const person = personOf((token as { accountId?: string }).accountId);
      if (!person) return { token_use: 'access', auth_time: authTime };
      return {
        token_use: 'access',
        auth_time: authTime,
        username: person.sub,
        'cognito:groups': [...person.groups],
      };
    },
    findAccount: async (_ctx, sub): Promise<Account | undefined> => {
      const person = bySub.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: person.email,
          email_verified: true,
          'cognito:username': person.sub,
          'cognito:groups': [...person.groups],
        }),
      };
    },
    // No consent screen for the console: its grant covers what it asked for.
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant =
        (grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined) ??
        new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      if (client.clientId !== CONSOLE_CLIENT_ID) return grantId ? grant : undefined;
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].filter((scope) => OIDC_SCOPES.includes(scope)));
      grant.addResourceScope(RESOURCE, '');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The browser console calls the token and revocation endpoints from the API's origin.
    clientBasedCORS: (_ctx, origin, client) => origin === apiOrigin && client.clientId === CONSOLE_CLIENT_ID,
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign-in error</title></head><body><main><h1>Sign-in error</h1><p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p></main></body></html>`;
    },
  };

  const provider = new Provider(issuer, configuration);
  // The provider answers on plain HTTP on loopback only.
  provider.proxy = false;
  return Object.assign(provider, { people });
}

/**
 * Cognito's `/logout` ends the session and redirects at once; oidc-provider would ask "Do you
 * want to sign out?" first. So the session ends here, its cookie goes, and the browser is sent to
 * the post-logout redirect the provider has already checked against the client's registered ones.
 */
async function endSessionAtOnce(ctx: KoaContextWithOIDC): Promise<void> {
  const { session } = ctx.oidc;
  if (!session) throw new Error('end session without a session');
  const target = session.state?.postLogoutRedirectUri as string | undefined;
  const state = session.state?.state as string | undefined;
  await session.destroy();
  ctx.oidc.cookies.set(ctx.oidc.provider.cookieName('session'), null);
  if (target) {
    const url = new URL(target);
    if (state !== undefined) url.searchParams.set('state', state);
    ctx.status = 303;
    ctx.redirect(url.href);
    return;
  }
  ctx.type = 'html';
  ctx.body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head><body><main><h1>Signed out</h1></main></body></html>';
}

type LocalProvider = ReturnType<typeof createProvider>;

function requestHandler(provider: LocalProvider, settings: LocalIdentityProviderSettings) {
  const apiOrigin = new URL(settings.apiUrl).origin;
  const callback = provider.callback();
  // Compared in constant time whether or not the email is known.
  const unknownDigest = digest(randomBytes(32).toString('hex'));

  const interaction = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(path);
    if (!match) return void response.writeHead(404).end();
    const details = await provider.interactionDetails(request, response).catch(() => undefined);
    if (!details || details.uid !== match[1]) {
      sendPage(
        response,
        400,
        'Sign-in expired',
        '<h1>Sign-in expired</h1><p>This sign-in page has expired. Go back to the console and sign in again.</p>',
        ["'self'"],
      );
      return;
    }
    const action = `/interaction/${details.uid}/login`;
    const formTargets = ["'self'", apiOrigin];
    if (details.prompt.name !== 'login') {
      // Consent is granted by loadExistingGrant; any other prompt has nothing to ask here.
      const redirectTo = await provider.interactionResult(request, response, {
        error: 'access_denied',
        error_description: `prompt ${details.prompt.name} is not supported`,
      });
      return void response.writeHead(303, { location: redirectTo }).end();
    }
    if (request.method === 'GET' && !match[2]) {
      sendPage(response, 200, 'Sign in', signInForm(action, '', undefined), formTargets);
      return;
    }
    if (request.method !== 'POST' || !match[2]) return void response.writeHead(405).end();
    const form = await readForm(request);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const person = provider.people.get(email);
    const same = timingSafeEqual(digest(form.get('password') ?? ''), person?.passwordDigest ?? unknownDigest);
    if (!person || !same) {
      sendPage(
        response,
        401,
        'Sign in',
        signInForm(action, form.get('email') ?? '', 'Wrong email or password.'),
        formTargets,
      );
      return;
    }
    const redirectTo = await provider.interactionResult(
      request,
      response,
      { login: { accountId: person.sub } },
      { mergeWithLastSubmission: false },
    );
    response.writeHead(303, { location: redirectTo }).end();
  };

  return async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://local');
    if (url.pathname.startsWith('/interaction/')) return interaction(request, response, url.pathname);
    // Cognito's logout names its redirect `logout_uri`; OIDC's end-session endpoint `post_logout_redirect_uri`.
    if (url.pathname === '/logout' && url.searchParams.has('logout_uri')) {
      if (!url.searchParams.has('post_logout_redirect_uri'))
        url.searchParams.set('post_logout_redirect_uri', url.searchParams.get('logout_uri')!);
      url.searchParams.delete('logout_uri');
      request.url = `${url.pathname}${url.search}`;
    }
    await callback(request, response);
  };
}
