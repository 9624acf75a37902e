import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { workflow } from '../definitions';
import type { Functions } from './functions';

export interface CaseWorkflowProps {
  readonly projectRoot: string;
  readonly stateMachineName: string;
  readonly functions: Functions;
  readonly logKey: kms.IKey;
}

/**
 * The case workflow from the same ASL file the local runner executes. The file is uploaded
 * unchecked and grants nothing, so the functions it names are granted here and the ASL is
 * linted by a test.
 */
export class CaseWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const substitutions: Record<string, string> = {};
    for (const [placeholder, key] of Object.entries(workflow.substitutions)) {
      substitutions[placeholder] = props.functions.byKey[key].functionArn;
    }
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(join(props.projectRoot, workflow.definitionFile)),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    for (const key of new Set(Object.values(workflow.substitutions))) {
      props.functions.byKey[key].grantInvoke(this.stateMachine);
    }
  }
}
