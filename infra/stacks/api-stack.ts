import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from '../config';
import type { Functions } from '../constructs/functions';
import { CaseHttpApi } from '../constructs/http-api';
import { acknowledgeApiFindings } from '../nag-acknowledgements';

export interface ApiStackProps extends StackProps {
  readonly config: DeploymentConfig;
  readonly functions: Functions;
  readonly logKey: kms.IKey;
}

/**
 * The HTTP API in a stack of its own, beside the backend: its routes, integrations and invoke
 * permissions (about 150 resources) would otherwise crowd the backend stack towards
 * CloudFormation's 500-resource limit.
 */
export class ApiStack extends Stack {
  readonly http: CaseHttpApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.http = new CaseHttpApi(this, 'Http', {
      functions: props.functions,
      logKey: props.logKey,
      logRetentionDays: props.config.logRetentionDays,
      allowedOrigins: props.config.allowedOrigins,
    });
    acknowledgeApiFindings(this.http);
    new CfnOutput(this, 'ApiUrl', { value: this.http.api.apiEndpoint });
    // What consoleUrl must be (or a domain in front of it) for the console's sign-in to come back to it.
    new CfnOutput(this, 'ApiConsoleUrl', { value: `${this.http.api.apiEndpoint}/console` });
    // And what hospitalPortalUrl must be for the portal's (the relay bucket's CORS names its origin).
    new CfnOutput(this, 'ApiHospitalPortalUrl', { value: `${this.http.api.apiEndpoint}/hospital` });
  }
}
