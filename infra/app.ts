import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { BackendStack } from './stacks/backend-stack';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export function buildApp(app = new App()): { app: App; stack: BackendStack } {
  const context = (name: string): string => {
    const value = app.node.tryGetContext(name);
    if (typeof value !== 'string' || value === '') {
      throw new Error(`cdk.json context "${name}" must be a non-empty string (set it with -c ${name}=...)`);
    }
    return value;
  };
  const stack = new BackendStack(app, `OncologySecondOpinion-${context('environmentName')}`, {
    projectRoot,
    senderEmail: context('senderEmail'),
    coordinatorEmail: context('coordinatorEmail'),
    patientPortalUrl: context('patientPortalUrl'),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: 'Remote oncology second opinions: intake, packaging, hospital relay, deadlines, reports',
  });
  // Policy as code: open findings fail the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  return { app, stack };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
