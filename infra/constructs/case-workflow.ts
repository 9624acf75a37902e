import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { workflow } from '../../functions/contract';
import type { Functions } from './functions';

export interface CaseWorkflowProps {
  readonly projectRoot: string;
  readonly stateMachineName: string;
  readonly functions: Functions;
  readonly logKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * The case workflow from the same ASL file the local runner executes. The file is uploaded
 * unchecked and grants nothing, so the functions it names are granted here and the ASL is
 * linted by a test.
 */
export class CaseWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const substitutions: Record<string, string> = {};
    for (const [placeholder, key] of Object.entries(workflow.substitutions)) {
      substitutions[placeholder] = props.functions.byKey[key].functionArn;
    }
    // A role with one customer-managed policy, as the functions have: what CDK would add to an
    // inline policy (log delivery, X-Ray, invoking the named functions) is written here.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
    const invoked = [...new Set(Object.values(workflow.substitutions))].map(
      (key) => props.functions.byKey[key],
    );
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Everything the case workflow may do',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: invoked.flatMap((fn) => [fn.functionArn, `${fn.functionArn}:*`]),
        }),
        // Log delivery and X-Ray actions have no resource-level permissions.
        new iam.PolicyStatement({
          actions: [
            'logs:CreateLogDelivery',
            'logs:GetLogDelivery',
            'logs:UpdateLogDelivery',
            'logs:DeleteLogDelivery',
            'logs:ListLogDeliveries',
            'logs:PutResourcePolicy',
            'logs:DescribeResourcePolicies',
            'logs:DescribeLogGroups',
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
          ],
          resources: ['*'],
        }),
      ],
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      role: role.withoutPolicyUpdates(),
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(join(props.projectRoot, workflow.definitionFile)),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.stateMachine.node.addDependency(this.policy);
  }
}
