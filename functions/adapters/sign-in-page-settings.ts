import { setting } from './settings';

/**
 * The sign-in settings a signed-in page (console, hospital portal) is served with, as a JSON
 * data block it reads (never executed, so the CSP's `script-src 'self'` stands). `<` is escaped
 * so no value can close the element.
 */
export function signInSettingsBlock(): string {
  const settings = { oauthUrl: setting('authOauthUrl'), clientId: setting('authConsoleClientId') };
  return JSON.stringify(settings).replace(/</g, '\\u003c');
}
