/**
 * Sign-in names the runtime, the deployment (Cognito) and the local OpenID Connect provider share.
 * Groups travel in the access token's `cognito:groups` claim (Cognito puts them there without a
 * pre-token-generation trigger), so membership is read from the token the API receives.
 */
export const signIn = {
  /** Members may act on every coordinator route. */
  coordinatorGroup: 'coordinators',
  /** Hospital staff belong to exactly one group `hospital-<hospitalId>`; a token naming two is refused. */
  hospitalGroupPrefix: 'hospital-',
  /** The API's resource server in Cognito; scopes are `<resourceServer>/<name>`. */
  resourceServer: 'second-opinion',
  /** What the machine client (client credentials, automation) is granted on coordinator routes. */
  automationScope: 'second-opinion/automation',
  /** Access tokens live an hour; the console refreshes them. */
  accessTokenMinutes: 60,
  /** An idle console signs out after this long. */
  consoleIdleMinutes: 30,
} as const;
