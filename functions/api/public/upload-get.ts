import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { pageResponse, uploadOrigin } from '../../adapters/patient-page';
import { pageSecurityHeaders } from '../../core/page-security';

/** GET /upload serves the page; GET /upload/{asset} its content-hashed script and stylesheet. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return pageResponse(event, 'patientPage', { headers: pageSecurityHeaders(uploadOrigin()) });
}
