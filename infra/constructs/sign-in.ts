import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { signIn } from '../../functions/contract';
import type { DeploymentConfig } from '../config';
import type { SignInSetting } from '../definitions';

export interface SignInProps {
  readonly config: DeploymentConfig;
}

/** The automation scope's name inside the resource server (`<resourceServer>/<name>` in tokens). */
function automationScopeName(): string {
  const prefix = `${signIn.resourceServer}/`;
  if (!signIn.automationScope.startsWith(prefix)) {
    throw new Error(`signIn.automationScope must be a scope of ${signIn.resourceServer}`);
  }
  return signIn.automationScope.slice(prefix.length);
}

/**
 * Personal sign-in for coordinators and hospital staff: a Cognito user pool (no self sign-up,
 * TOTP required, threat protection enforced), Cognito's managed login pages on the pool's
 * domain, a public console client (authorization code with PKCE) and a machine client (client
 * credentials, the automation scope). Membership is by group: `coordinators`, and for hospital
 * staff exactly one `hospital-<hospitalId>` each, created by a coordinator when they add staff.
 */
export class SignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly consoleClient: cognito.UserPoolClient;
  readonly machineClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The values the functions are given, by the contract's setting names. */
  readonly settings: Record<SignInSetting, string>;

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    const { config } = props;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Accounts are made by a coordinator (admin-create-user), never by whoever finds the page.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed address takes effect only once verified: an unverified one cannot take the account over.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      mfa: cognito.Mfa.REQUIRED,
      // An authenticator app only: SMS codes can be intercepted or SIM-swapped, and email is the recovery channel.
      mfaSecondFactor: { sms: false, otp: true, email: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 24,
        // A temporary password from an invitation is good for one day.
        tempPasswordValidity: Duration.days(1),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: 'Your sign-in to the second-opinion console',
        emailBody: `Your user name is {username} and your temporary password is {####} (valid for one day). Sign in at ${config.consoleUrl}: you will choose a new password and set up an authenticator app.`,
      },
      // Plus: threat protection (compromised credentials, adaptive authentication) acts on every sign-in.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customThreatProtectionMode: cognito.CustomThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // What threat protection does, rather than Cognito's defaults: a leaked password is refused
    // outright, a high-risk sign-in blocked, and any other risky one asked for the TOTP code.
    new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'RiskConfiguration', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'BLOCK', notify: false },
          mediumAction: { eventAction: 'MFA_REQUIRED', notify: false },
          lowAction: { eventAction: 'MFA_REQUIRED', notify: false },
        },
      },
    });

    new cognito.UserPoolGroup(this, 'CoordinatorGroup', {
      userPool: this.userPool,
      groupName: signIn.coordinatorGroup,
      description: 'Coordinators: may act on every coordinator route and open the console',
    });

    const automation = new cognito.ResourceServerScope({
      scopeName: automationScopeName(),
      scopeDescription: 'Automation acting on the coordinator routes',
    });
    const resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: signIn.resourceServer,
      userPoolResourceServerName: 'Oncology second opinions API',
      scopes: [automation],
    });

    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      // Public: a browser cannot keep a secret. The console always sends a PKCE S256 challenge.
      generateSecret: false,
      // SRP only (the password never crosses the wire) besides refresh; managed login asks for it.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        // The hospital portal signs staff in with this client too (the hospital authorizer takes its tokens).
        callbackUrls: [config.consoleUrl, config.hospitalPortalUrl],
        logoutUrls: [config.consoleUrl, config.hospitalPortalUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.minutes(signIn.accessTokenMinutes),
      idTokenValidity: Duration.minutes(signIn.accessTokenMinutes),
      // A working day; after it the coordinator signs in again (with the TOTP code).
      refreshTokenValidity: Duration.hours(12),
      // A first sign-in sets a password and enrols an authenticator within one session.
      authSessionValidity: Duration.minutes(10),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    this.machineClient = this.userPool.addClient('MachineClient', {
      generateSecret: true,
      // No user flows (CDK then lists only refresh, which Cognito always allows): it signs in as itself only.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [cognito.OAuthScope.custom(signIn.automationScope)],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.minutes(signIn.accessTokenMinutes),
      // Client credentials issue no refresh or ID token; these are Cognito's floors.
      idTokenValidity: Duration.minutes(signIn.accessTokenMinutes),
      refreshTokenValidity: Duration.minutes(60),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    // The scope must exist before a client is granted it.
    this.machineClient.node.addDependency(resourceServer);

    this.domain = this.userPool.addDomain('Domain', {
      ...(config.signInDomain && config.signInCertificateArn
        ? {
            customDomain: {
              domainName: config.signInDomain,
              certificate: acm.Certificate.fromCertificateArn(
                this,
                'DomainCertificate',
                config.signInCertificateArn,
              ),
            },
          }
        : { cognitoDomain: { domainPrefix: config.signInDomainPrefix } }),
      // Cognito's own pages: passwords and TOTP codes never touch our code, and threat protection sees every sign-in.
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login shows a client's pages only once it has a style; Cognito's own look.
    new cognito.CfnManagedLoginBranding(this, 'ConsoleBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    }).node.addDependency(this.domain);

    const oauthUrl = this.domain.baseUrl();
    this.settings = {
      authIssuer: this.userPool.userPoolProviderUrl,
      authConsoleClientId: this.consoleClient.userPoolClientId,
      authMachineClientId: this.machineClient.userPoolClientId,
      authOauthUrl: oauthUrl,
    };

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'Issuer', { value: this.userPool.userPoolProviderUrl });
    new CfnOutput(this, 'ConsoleClientId', { value: this.consoleClient.userPoolClientId });
    new CfnOutput(this, 'MachineClientId', { value: this.machineClient.userPoolClientId });
    new CfnOutput(this, 'SignInUrl', {
      description: 'The managed login pages and OAuth endpoints (/oauth2/authorize, /oauth2/token, /logout)',
      value: oauthUrl,
    });
  }
}
