import { Duration, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpIamAuthorizer,
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { authorizers, type FunctionKey, routes } from '../../functions/contract';
import { routeThrottles, tokenAuthorizerSettings } from '../definitions';
import type { Functions } from './functions';

export interface HttpApiProps {
  readonly functions: Functions;
  readonly logKey: kms.IKey;
  readonly logRetentionDays: number;
  /** Browser origins allowed to call the API (the patient page's). */
  readonly allowedOrigins: readonly string[];
}

/**
 * One HTTP API for the three audiences, every route from the shared route table: coordinator
 * routes IAM-authorized, patient and hospital routes behind one token authorizer each (one per
 * role, so a cached answer for one role can never open the other's routes).
 */
export class CaseHttpApi extends Construct {
  readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      createDefaultStage: false,
      description: 'Oncology second opinions',
      // Only the configured origins; tokens travel in the Authorization header, never cookies.
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: [
          apigw.CorsHttpMethod.GET,
          apigw.CorsHttpMethod.POST,
          apigw.CorsHttpMethod.PUT,
          apigw.CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logKey,
    });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    // Per-route throttling from the route table (the L2 stage sets only the default).
    (stage.node.defaultChild as apigw.CfnStage).addPropertyOverride(
      'RouteSettings',
      Object.fromEntries(
        routes.map((route) => [
          `${route.method} ${route.path}`,
          {
            ThrottlingRateLimit: routeThrottles[route.throttle ?? route.auth].rateLimit,
            ThrottlingBurstLimit: routeThrottles[route.throttle ?? route.auth].burstLimit,
          },
        ]),
      ),
    );

    const iam = new HttpIamAuthorizer();
    // No result cache (see tokenAuthorizerSettings): a revoked token stops at once.
    const tokenAuthorizer = (role: keyof typeof authorizers, name: string) =>
      new HttpLambdaAuthorizer(name, props.functions.byKey[authorizers[role]], {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: [`$request.header.${tokenAuthorizerSettings.identityHeader}`],
        resultsCacheTtl: Duration.seconds(tokenAuthorizerSettings.resultsCacheTtlSeconds),
      });
    const tokenAuthorizers = {
      patient: tokenAuthorizer('patient', 'PatientTokenAuthorizer'),
      hospital: tokenAuthorizer('hospital', 'HospitalTokenAuthorizer'),
    };

    const integrations = new Map<FunctionKey, HttpLambdaIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${route.handler}Integration`,
          props.functions.byKey[route.handler],
        );
        integrations.set(route.handler, integration);
      }
      const created = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        authorizer:
          route.auth === 'public'
            ? new apigw.HttpNoneAuthorizer()
            : route.auth === 'coordinator'
              ? iam
              : tokenAuthorizers[route.auth],
      });
      // The stage's route settings name these routes: CloudFormation must create them first.
      for (const httpRoute of created) stage.node.addDependency(httpRoute);
      if (route.auth === 'public') {
        for (const publicRoute of created) {
          Validations.of(publicRoute).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: 'Public on purpose: the relay API’s OpenAPI document describes routes, never data.',
          });
        }
      }
    }
  }
}
