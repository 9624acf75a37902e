/** A field error as the API sends it: a dotted path, a message, and its code where it has one. */
export interface FieldError {
  readonly path?: string;
  readonly message: string;
  readonly code?: string;
}

/** What the API answered with an error: its code, its safe message and any field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The patient routes of this API, same origin as the page. The token goes in the Authorization
 * header only: never in a URL, so no server or proxy log holds it.
 */
export class PatientApi {
  constructor(private readonly token: string) {}

  async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          // Public routes (the booking page's) are called with no token at all.
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, 'network_error', 'The server could not be reached.');
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; details?: FieldError[] } })
        ?.error;
      throw new ApiError(
        response.status,
        error?.code ?? 'error',
        error?.message ?? `The server answered ${response.status}.`,
        error?.details ?? [],
      );
    }
    return parsed as T;
  }
}
