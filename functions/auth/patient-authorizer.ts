import { createTokenAuthorizer } from './token-authorizer';

export const handler = createTokenAuthorizer('patient');
