import { getHospital } from '../adapters/hospital-directory';
import { looksLikeJwt } from '../adapters/sign-in-tokens';
import { hospitalStaffAccess } from '../core/sign-in-rules';
import { type AuthorizerEvent, type AuthorizerResult, authorizeSignIn, bearerOf } from './sign-in-authorizer';
import { createTokenAuthorizer } from './token-authorizer';

const byApiToken = createTokenAuthorizer('hospital');

/**
 * Hospital routes take a hospital's API token (its IT, the pull client) or a staff member's
 * sign-in access token: a JWT, told apart by its shape (API tokens have no dots). Staff must be in
 * exactly one hospital's group, and that hospital must be in the directory.
 */
export const handler = async (event: AuthorizerEvent): Promise<AuthorizerResult> => {
  const bearer = bearerOf(event);
  if (!bearer || !looksLikeJwt(bearer)) return byApiToken(event);
  return authorizeSignIn(
    event,
    bearer,
    async (token, clients) => {
      const staff = hospitalStaffAccess(token, clients);
      if (!staff.ok) return staff;
      // A group naming a hospital the directory does not hold opens nothing.
      return (await getHospital(staff.value.hospitalId))
        ? staff
        : { ok: false as const, problem: 'unknown-hospital' };
    },
    ({ subject, hospitalId }) => ({ role: 'hospital', subject, hospitalId, kind: 'staff' }),
  );
};
