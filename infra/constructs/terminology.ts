import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { packageAssets } from '../../functions/contract';

/**
 * Imports the oncology terminology into Amazon Translate (ImportTerminology, overwrite) from
 * the same CSV files the code reads: one header row, then every category's entries.
 */
export class OncologyTerminology extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: { projectRoot: string }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.name = `${stack.stackName}-oncology-en-zh`.slice(0, 256);
    const dir = join(props.projectRoot, packageAssets.terminology.source);
    const rows = readdirSync(dir)
      .filter((name) => name.endsWith('.csv'))
      .sort()
      .flatMap((name) =>
        readFileSync(join(dir, name), 'utf8')
          .split(/\r?\n/)
          .slice(1)
          .filter((line) => line.trim() !== ''),
      );
    const csv = ['en,zh', ...rows].join('\n');
    const importCall = {
      service: 'Translate',
      action: 'importTerminology',
      parameters: {
        Name: this.name,
        MergeStrategy: 'OVERWRITE',
        Description: 'English to Simplified Chinese oncology terminology',
        TerminologyData: { File: csv, Format: 'CSV', Directionality: 'UNI' },
      },
      // Any change to the CSV files changes the parameters, and an update imports again.
      physicalResourceId: PhysicalResourceId.of(this.name),
    };
    new AwsCustomResource(this, 'Import', {
      onCreate: importCall,
      onUpdate: importCall,
      onDelete: { service: 'Translate', action: 'deleteTerminology', parameters: { Name: this.name } },
      policy: AwsCustomResourcePolicy.fromSdkCalls({
        resources: [
          stack.formatArn({ service: 'translate', resource: 'terminology', resourceName: this.name }),
        ],
      }),
      installLatestAwsSdk: false,
    });
  }
}
