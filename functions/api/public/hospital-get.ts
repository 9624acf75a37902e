import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { pageResponse, relayOrigin } from '../../adapters/patient-page';
import { setting } from '../../adapters/settings';
import { signInSettingsBlock } from '../../adapters/sign-in-page-settings';
import { hospitalPortalSecurityHeaders } from '../../core/page-security';

/** GET /hospital serves the hospital portal; GET /hospital/{asset} its content-hashed scripts, styles and codecs. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const oauth = new URL(setting('authOauthUrl')).origin;
  return pageResponse(event, 'hospitalPage', {
    headers: hospitalPortalSecurityHeaders({ oauth, relay: relayOrigin() }),
    render: (html) => html.replace('"{{settings}}"', () => signInSettingsBlock()),
  });
}
