/** Names of the environment variables the functions read (their values: adapters/settings.ts). */

/** Environment variables every function may read besides table and bucket names. */
export const env = {
  senderEmail: 'SENDER_EMAIL',
  coordinatorEmail: 'COORDINATOR_EMAIL',
  patientPortalUrl: 'PATIENT_PORTAL_URL',
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
  /** `guardduty`: an upload is promoted only on GuardDuty's NO_THREATS_FOUND; `none`: no scanner (local), said so. */
  malwareScan: 'MALWARE_SCAN',
  /** The SES configuration set that suppresses bounces and complaints and reports them. */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** The region of the relay bucket (its own stack); the function's own region when unset. */
  relayRegion: 'RELAY_REGION',
  /** `amazon-translate` in AWS; anything else keeps free text in English and says so. */
  translator: 'TRANSLATOR',
  terminologyName: 'TRANSLATE_TERMINOLOGY_NAME',
  /** The token issuer (Cognito user pool's, or the local OpenID Connect provider's); keys from `<issuer>/.well-known/jwks.json`. */
  authIssuer: 'AUTH_ISSUER',
  /** The web consoles' public app client (authorization code with PKCE). */
  authConsoleClientId: 'AUTH_CONSOLE_CLIENT_ID',
  /** The machine app client (client credentials) automation uses on coordinator routes. */
  authMachineClientId: 'AUTH_MACHINE_CLIENT_ID',
  /** Base URL of the OAuth endpoints the console signs in through (`/oauth2/authorize`, `/oauth2/token`, `/logout`). */
  authOauthUrl: 'AUTH_OAUTH_URL',
  /** The legal entity that issues receipts: its name, and its address as lines joined by ` | `. */
  providerLegalName: 'PROVIDER_LEGAL_NAME',
  providerAddress: 'PROVIDER_ADDRESS',
  /** The coordination fee per currency, in minor units: `USD 25000, EUR 23000`; unset charges none. */
  coordinationFees: 'COORDINATION_FEES',
  /** Where patients send a bank transfer (lines joined by ` | `); shown on the patient page with the quote. */
  bankTransferDetails: 'BANK_TRANSFER_DETAILS',
  /** The strategy call's price, an ISO 4217 code and minor units: `USD 2900`; unset, calls cannot be booked. */
  strategyCallPrice: 'STRATEGY_CALL_PRICE',
  /** Where the strategy calls take place (the video meeting's link); unset, calls cannot be booked. */
  strategyCallMeetingUrl: 'STRATEGY_CALL_MEETING_URL',
  /** `stripe`: patients may pay by card through Stripe Checkout; unset or `offline`: bank transfers only. */
  paymentProvider: 'PAYMENT_PROVIDER',
  /** The Secrets Manager secret holding `{"apiKey": "sk_…", "webhookSecret": "whsec_…"}` for Stripe. */
  stripeSecretArn: 'STRIPE_SECRET_ARN',
} as const;
