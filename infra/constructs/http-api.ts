import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { authorizers, type FunctionKey, type RouteDefinition, routes } from '../../functions/contract';
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
 * One HTTP API for the three audiences, every route from the shared route table, each role's
 * routes behind a Lambda authorizer of its own (so a cached answer for one role could never open
 * another's routes): coordinators present a sign-in access token, which the coordinator
 * authorizer verifies (issuer, keys, expiry, client, scope, and the coordinators group, which an
 * HTTP API JWT authorizer cannot check, nor audit a refusal); patients and hospitals their tokens.
 */
export class CaseHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  /** The routes anyone may call (documentation and the web pages' files), for their nag acknowledgement. */
  readonly publicRoutes: { readonly route: RouteDefinition; readonly httpRoute: apigw.HttpRoute }[] = [];

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

    // No result cache (see tokenAuthorizerSettings): a revoked token stops at once; every sign-in token is verified anew.
    const tokenAuthorizer = (role: keyof typeof authorizers, name: string) =>
      new HttpLambdaAuthorizer(name, props.functions.byKey[authorizers[role]], {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: [`$request.header.${tokenAuthorizerSettings.identityHeader}`],
        resultsCacheTtl: Duration.seconds(tokenAuthorizerSettings.resultsCacheTtlSeconds),
      });
    const tokenAuthorizers = {
      coordinator: tokenAuthorizer('coordinator', 'CoordinatorTokenAuthorizer'),
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
        authorizer: route.auth === 'public' ? new apigw.HttpNoneAuthorizer() : tokenAuthorizers[route.auth],
      });
      // The stage's route settings name these routes: CloudFormation must create them first.
      for (const httpRoute of created) stage.node.addDependency(httpRoute);
      if (route.auth === 'public') {
        for (const httpRoute of created) this.publicRoutes.push({ route, httpRoute });
      }
    }
  }
}
