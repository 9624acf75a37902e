import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { BackendStack } from './stacks/backend-stack';
import { RelayStack } from './stacks/relay-stack';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export function buildApp(app = new App()): { app: App; stack: BackendStack; relay: RelayStack } {
  const context = (name: string): string => {
    const value = app.node.tryGetContext(name);
    if (typeof value !== 'string' || value === '') {
      throw new Error(`cdk.json context "${name}" must be a non-empty string (set it with -c ${name}=...)`);
    }
    return value;
  };
  const name = `OncologySecondOpinion-${context('environmentName')}`;
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  // Cross-region references need both regions known at synth, so they come from context.
  const region = context('region');
  const relayRegion = context('relayRegion');
  for (const [setting, value] of [
    ['region', region],
    ['relayRegion', relayRegion],
  ] as const) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(value)) {
      throw new Error(
        `cdk.json context "${setting}" must be an AWS region such as us-east-1 (got "${value}")`,
      );
    }
  }
  const relay = new RelayStack(app, `${name}-Relay`, {
    env: { account, region: relayRegion },
    crossRegionReferences: true,
    description: 'Remote oncology second opinions: the relay bucket hospitals pull packages from',
  });
  const stack = new BackendStack(app, name, {
    projectRoot,
    relay,
    crossRegionReferences: true,
    senderEmail: context('senderEmail'),
    coordinatorEmail: context('coordinatorEmail'),
    patientPortalUrl: context('patientPortalUrl'),
    env: { account, region },
    description: 'Remote oncology second opinions: intake, packaging, hospital relay, deadlines, reports',
  });
  // Policy as code: open findings fail the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  return { app, stack, relay };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
