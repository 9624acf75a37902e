import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { pageResponse, uploadOrigin } from '../../adapters/patient-page';
import { setting } from '../../adapters/settings';
import { consoleSecurityHeaders } from '../../core/page-security';

/**
 * The console's sign-in settings, as a JSON data block the page reads (never executed, so the
 * CSP's `script-src 'self'` stands). `<` is escaped so no value can close the element.
 */
function signInSettings(): string {
  const settings = { oauthUrl: setting('authOauthUrl'), clientId: setting('authConsoleClientId') };
  return JSON.stringify(settings).replace(/</g, '\\u003c');
}

/** GET /console serves the coordinator console; GET /console/{asset} its content-hashed script and stylesheet. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const oauth = new URL(setting('authOauthUrl')).origin;
  return pageResponse(event, 'consolePage', {
    headers: consoleSecurityHeaders({ oauth, upload: uploadOrigin() }),
    render: (html) => html.replace('"{{settings}}"', () => signInSettings()),
  });
}
