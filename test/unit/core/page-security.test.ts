import { describe, expect, it } from 'vitest';
import { pageSecurityHeaders } from '../../../functions/core/page-security';

describe('pageSecurityHeaders', () => {
  it('lets the page talk only to itself and the given upload origin', () => {
    const headers = pageSecurityHeaders('https://intake.s3.ap-east-1.amazonaws.com');
    expect(headers['content-security-policy']).toContain(
      "connect-src 'self' https://intake.s3.ap-east-1.amazonaws.com",
    );
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
  });
});
