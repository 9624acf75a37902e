import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { pageResponse, uploadOrigin } from '../../adapters/patient-page';
import { setting } from '../../adapters/settings';
import { signInSettingsBlock } from '../../adapters/sign-in-page-settings';
import { consoleSecurityHeaders } from '../../core/page-security';

/** GET /console serves the coordinator console; GET /console/{asset} its content-hashed script and stylesheet. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const oauth = new URL(setting('authOauthUrl')).origin;
  return pageResponse(event, 'consolePage', {
    headers: consoleSecurityHeaders({ oauth, upload: uploadOrigin() }),
    render: (html) => html.replace('"{{settings}}"', () => signInSettingsBlock()),
  });
}
