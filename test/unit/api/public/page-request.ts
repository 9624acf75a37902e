import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

type PageHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** A GET of a page function: the page itself, or one of its assets by name, with request headers. */
export const pageGetter =
  (handler: PageHandler) =>
  async (asset?: string, headers: Record<string, string> = {}) =>
    (await handler({
      headers,
      ...(asset === undefined ? {} : { pathParameters: { asset } }),
    } as unknown as APIGatewayProxyEventV2)) as APIGatewayProxyStructuredResultV2 & {
      headers: Record<string, string>;
      body: string;
    };
