import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { relayOpenApiDocument } from '../../http/relay-contract';

const body = JSON.stringify(relayOpenApiDocument());

/**
 * The relay API's OpenAPI 3.1 document, public: it describes routes, never data. A plain
 * handler, like the upload page's: route() carries the hospitals' rate limiter and with it a
 * DynamoDB client this function has no grant for. The same headers as every JSON answer.
 */
export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  },
  body,
});
