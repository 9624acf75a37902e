import { ApiError, PatientApi } from '../patient/api';
import type { Session } from './sign-in';
import type { ConsoleApi } from './view';

/** What the console does when the API says the sign-in is over, or is not a coordinator's. */
export interface AuthOutcomes {
  /** 401 after a renewal: the session is over; sign in again. */
  signInAgain(): void;
  /** 403: signed in, but not as a coordinator. */
  refused(error: ApiError): void;
}

/**
 * The coordinator routes of this API (same origin as the console) with the signed-in
 * coordinator's access token as a Bearer token. The request itself is the patient page's
 * JSON client (same wire rules: token in the header only, no cookies, no cache, the error JSON
 * turned into an ApiError); this adds the session around it: a 401 renews the token once and
 * retries, then asks for a new sign-in.
 */
export class CoordinatorApi implements ConsoleApi {
  constructor(
    private readonly session: Session,
    private readonly outcomes: AuthOutcomes,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown, renewed = false): Promise<T> {
    const token = await this.session.accessToken();
    if (!token) {
      this.outcomes.signInAgain();
      throw new ApiError(401, 'signed_out', 'You are signed out.');
    }
    try {
      // PatientApi's method type has no PATCH; no coordinator route uses it.
      return await new PatientApi(token).call<T>(method as 'POST', path, body);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401) {
        if (!renewed && (await this.session.renew())) return this.call<T>(method, path, body, true);
        this.outcomes.signInAgain();
      } else if (error.status === 403) {
        this.outcomes.refused(error);
      }
      throw error;
    }
  }
}
