/** A tiny HTTP client for the local API, used by the demo and the end-to-end tests. */
export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  // biome-ignore lint/suspicious/noExplicitAny: callers read loosely typed JSON responses
  async call<T = Record<string, any>>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }
}

/** PUTs bytes to a presigned URL with exactly the headers the signature fixed. */
export async function putPresigned(
  upload: { url: string; headers: Record<string, string> },
  bytes: Uint8Array,
  headerOverrides: Record<string, string> = {},
): Promise<Response> {
  return fetch(upload.url, {
    method: 'PUT',
    headers: { ...upload.headers, ...headerOverrides },
    // (The DOM's BodyInit wants an ArrayBuffer-backed view; Node's fetch takes any.)
    body: bytes as Uint8Array<ArrayBuffer>,
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  // 200 ms: a hospital polling like this stays well inside its rate limit.
  { timeoutMs = 15_000, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
