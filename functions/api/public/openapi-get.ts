import { relayOpenApiDocument } from '../../http/relay-contract';
import { route } from '../../http/route';

const document = relayOpenApiDocument();

/** The relay API's OpenAPI 3.1 document, public: it describes routes, never data. */
export const handler = route({ auth: 'public' }, async () => ({ statusCode: 200, body: document }));
