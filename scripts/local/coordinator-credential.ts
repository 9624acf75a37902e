import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIGatewayEventRequestContextIAMAuthorizer } from 'aws-lambda';

/** The account the local runtime reports in request contexts (as its local Lambda ARNs do). */
const LOCAL_ACCOUNT = '000000000000';

/**
 * The local stand-in for IAM on coordinator routes. In AWS, API Gateway authorizes coordinators
 * by their signed (SigV4) requests and hands the handler the IAM principal; nothing in functions/
 * issues or checks a coordinator credential. Locally the gateway holds one random bearer, issued
 * afresh at each start (earlier ones stop working) and kept only in this process, and builds the
 * same `requestContext.authorizer.iam` a signed request would get.
 */
export class LocalCoordinatorCredential {
  /** The bearer to present (`Authorization: Bearer …`); shown once, in the banner and endpoints.json. */
  readonly token = `ct_${randomBytes(32).toString('base64url')}`;
  private readonly digest = sha256(this.token);

  /** The principal API Gateway's IAM authorization would put in the request context. */
  readonly principal: APIGatewayEventRequestContextIAMAuthorizer['iam'] = {
    accessKey: 'ASIALOCALCOORDINATOR',
    accountId: LOCAL_ACCOUNT,
    callerId: 'AIDALOCALCOORDINATOR',
    // No Cognito identity and no organisation, as API Gateway reports them (null).
    cognitoIdentity: null,
    principalOrgId: null as unknown as string,
    userArn: `arn:aws:iam::${LOCAL_ACCOUNT}:user/local-coordinator`,
    userId: 'AIDALOCALCOORDINATOR',
  };

  /** The IAM authorizer context for a request bearing this credential, or undefined (a 401). */
  authorize(authorization: string | undefined): { iam: LocalCoordinatorCredential['principal'] } | undefined {
    const match = /^Bearer (\S{1,200})$/.exec((authorization ?? '').trim());
    // Compared as digests, in constant time: equal lengths whatever the caller sent.
    if (!match || !timingSafeEqual(sha256(match[1]!), this.digest)) return undefined;
    return { iam: this.principal };
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
