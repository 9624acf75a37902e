import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * s3rver canonicalises a presigned URL's query with encodeURIComponent, which leaves
 * `! ' ( ) *` as they are; SigV4 (and so S3 and the AWS SDK) percent-encodes them. A signed
 * `response-content-disposition` of `attachment; filename*=UTF-8''name` (RFC 6266) therefore
 * fails there with SignatureDoesNotMatch while S3 serves it. This verifies such GET and HEAD
 * requests as S3 does, then hands them on as authenticated, without their signature
 * parameters, so s3rver serves them and applies the signed response-* overrides.
 */
interface Context {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  state: Record<string, unknown>;
}
type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>;

const requireInternal = createRequire(import.meta.url);
const v4 = requireInternal('@20minutes/s3rver/lib/signature/v4') as {
  parseQuery(query: Record<string, string>): {
    accessKeyId: string;
    credential: { date: string; region: string; service: string; termination: string };
    time: string;
    signedHeaders: string[];
    signatureProvided: string;
  };
  getStringToSign(
    canonical: {
      method: string;
      uri: string;
      querystring: string;
      headers: Record<string, string>;
      timestamp: string;
    },
    request: { credential: unknown; signedHeaders: string[] },
  ): string;
  getSigningKey(secret: string, date: string, region: string, service: string): Buffer;
};
const AWSAccount = requireInternal('@20minutes/s3rver/lib/models/account') as {
  registry: Map<string, { accessKeys: Map<string, string> }>;
};
const S3Error = requireInternal('@20minutes/s3rver/lib/models/error') as new (
  code: string,
  message?: string,
) => Error;

const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const NEEDS_RFC3986 = /[!'()*]/;

export function presignedQueryEncoding(): Middleware {
  return async (ctx, next) => {
    const { query } = ctx;
    if (
      (ctx.method !== 'GET' && ctx.method !== 'HEAD') ||
      !('X-Amz-Algorithm' in query) ||
      !Object.entries(query).some(([key, value]) => NEEDS_RFC3986.test(key) || NEEDS_RFC3986.test(value))
    ) {
      return next();
    }
    const request = v4.parseQuery(query); // checks the algorithm, parameters and expiry as s3rver does
    const account = AWSAccount.registry.get(request.accessKeyId);
    const secret = account?.accessKeys.get(request.accessKeyId);
    if (!account || !secret) {
      throw new S3Error(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    }
    const querystring = Object.entries(query)
      .filter(([key]) => key !== 'X-Amz-Signature')
      .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
      .sort()
      .join('&');
    const uri = ctx.path
      .split('/')
      .map((segment) => rfc3986(decodeURIComponent(segment)))
      .join('/');
    const amzQuery = Object.fromEntries(
      Object.entries(query)
        .filter(([key]) => key.toLowerCase().startsWith('x-amz-'))
        .map(([key, value]) => [key.toLowerCase(), value]),
    );
    const stringToSign = v4.getStringToSign(
      {
        method: ctx.method,
        uri,
        querystring,
        headers: { ...ctx.headers, ...amzQuery },
        timestamp: request.time,
      },
      request,
    );
    const { date, region, service } = request.credential;
    const signature = createHmac('sha256', v4.getSigningKey(secret, date, region, service))
      .update(stringToSign, 'utf8')
      .digest('hex');
    if (signature !== request.signatureProvided) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
    // Verified: s3rver's own check sees an unsigned request (it lets those through) and its
    // response-header override sees the authenticated account.
    ctx.state.account = account;
    ctx.query = Object.fromEntries(Object.entries(query).filter(([key]) => !key.startsWith('X-Amz-')));
    await next();
  };
}
