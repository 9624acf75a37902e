/** What a page may load and talk to: everything else is refused by the browser. */
interface PagePolicy {
  /** Origins besides its own the page may fetch from or send to. */
  readonly connect: readonly string[];
  /** Where a form on the page may submit: `'none'`, or origins. */
  readonly formAction: readonly string[];
  /** Uppy sets style attributes: the patient page needs inline styles, the console does not. */
  readonly inlineStyles: boolean;
  /** The DICOM viewer compiles its WebAssembly codecs and decodes in workers (the hospital portal only). */
  readonly wasmWorkers?: boolean;
}

function securityHeaders(policy: PagePolicy): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'self'${policy.wasmWorkers ? " 'wasm-unsafe-eval'" : ''}`,
      ...(policy.wasmWorkers ? ["worker-src 'self' blob:"] : []),
      `style-src 'self'${policy.inlineStyles ? " 'unsafe-inline'" : ''}`,
      "img-src 'self' data: blob:",
      `connect-src ${["'self'", ...policy.connect].join(' ')}`,
      `form-action ${policy.formAction.length > 0 ? policy.formAction.join(' ') : "'none'"}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
  };
}

/**
 * The patient page may run its own script and talk to this API and the intake bucket, nothing
 * else: it holds the patient's token. Uppy sets style attributes, hence 'unsafe-inline' for styles only.
 */
export function pageSecurityHeaders(uploadOrigin: string): Record<string, string> {
  return securityHeaders({ connect: [uploadOrigin], formAction: [], inlineStyles: true });
}

/** The public booking page: its own script and styles, this API only, no form posted anywhere. */
export function bookingPageSecurityHeaders(): Record<string, string> {
  return securityHeaders({ connect: [], formAction: [], inlineStyles: false });
}

/**
 * The coordinator console holds a coordinator's tokens: its own script only, no inline style;
 * it talks to this API, the OAuth endpoints (token, refresh, revoke) and the intake bucket
 * (uploads on the patient's behalf); only the OAuth origin may receive a form.
 */
export function consoleSecurityHeaders(origins: {
  readonly oauth: string;
  readonly upload: string;
}): Record<string, string> {
  return securityHeaders({
    connect: [...new Set([origins.oauth, origins.upload])],
    formAction: [origins.oauth],
    inlineStyles: false,
  });
}

/**
 * The hospital portal holds a staff member's tokens and shows records: its own script (with
 * WebAssembly compiled for the DICOM codecs, and the viewer's decoding workers), no inline style;
 * it talks to this API, the OAuth endpoints and the relay bucket (presigned GETs of the package);
 * only the OAuth origin may receive a form.
 */
export function hospitalPortalSecurityHeaders(origins: {
  readonly oauth: string;
  readonly relay: string;
}): Record<string, string> {
  return securityHeaders({
    connect: [...new Set([origins.oauth, origins.relay])],
    formAction: [origins.oauth],
    inlineStyles: false,
    wasmWorkers: true,
  });
}
