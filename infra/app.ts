import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { buildOcrEngine } from '../scripts/build-ocr-engine';
import { buildBookingPage, buildConsolePage, buildHospitalPage, buildPatientPage } from '../web/build';
import { deploymentConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { BackendStack } from './stacks/backend-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { RelayStack } from './stacks/relay-stack';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export function buildApp(app = new App()): {
  app: App;
  stack: BackendStack;
  relay: RelayStack;
  monitoring: MonitoringStack;
  api: ApiStack;
} {
  const config = deploymentConfig((name) => app.node.tryGetContext(name));
  // The pages' files are package assets of the functions that serve them: built first.
  buildPatientPage(projectRoot);
  buildConsolePage(projectRoot);
  buildHospitalPage(projectRoot);
  buildBookingPage(projectRoot);
  buildOcrEngine(projectRoot);
  const name = `OncologySecondOpinion-${config.environmentName}`;
  const account = config.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  // Cross-region references need both regions known at synth, so they come from context.
  const { region, relayRegion } = config;
  const relay = new RelayStack(app, `${name}-Relay`, {
    env: { account, region: relayRegion },
    crossRegionReferences: true,
    config,
    description: 'Remote oncology second opinions: the relay bucket hospitals pull packages from',
  });
  const stack = new BackendStack(app, name, {
    projectRoot,
    relay,
    crossRegionReferences: true,
    config,
    env: { account, region },
    description: 'Remote oncology second opinions: intake, packaging, hospital relay, deadlines, reports',
  });
  const api = new ApiStack(app, `${name}-Api`, {
    env: { account, region },
    config,
    functions: stack.functions,
    logKey: stack.data.logsKey,
    description: 'Remote oncology second opinions: the HTTP API for coordinators, patients and hospitals',
  });
  const monitoring = new MonitoringStack(app, `${name}-Monitoring`, {
    env: { account, region },
    config,
    functions: stack.functions.byKey,
    stateMachine: stack.workflow.stateMachine,
    api: api.http.api,
    deadLetterQueues: [stack.uploadEventsDlq, ...stack.functions.deadLetterQueues],
    description: 'Remote oncology second opinions: alarms and dashboard',
  });
  // Policy as code: open findings fail the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  return { app, stack, relay, monitoring, api };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
