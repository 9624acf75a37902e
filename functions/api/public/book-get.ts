import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { pageResponse } from '../../adapters/patient-page';
import { bookingPageSecurityHeaders } from '../../core/page-security';

/** GET /book serves the public booking page; GET /book/{asset} its content-hashed script and stylesheet. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return pageResponse(event, 'bookingPage', { headers: bookingPageSecurityHeaders() });
}
