/** The case workflow: its definition file, the variable naming it, its ARN placeholders. */

import type { FunctionKey } from './functions';

export const workflow = {
  id: 'CaseWorkflow',
  definitionFile: 'statemachines/case-workflow.asl.json',
  envVar: 'CASE_WORKFLOW_ARN',
  /** ASL placeholder -> the function whose ARN replaces it. */
  substitutions: {
    PreparePackageFunctionArn: 'preparePackage',
    TranslateDocumentFunctionArn: 'translateDocument',
    BuildPackageFunctionArn: 'buildPackage',
    DeliverPackageFunctionArn: 'deliverPackage',
    AwaitCallbackFunctionArn: 'awaitCallback',
    EscalateFunctionArn: 'escalate',
    TrackDeadlineFunctionArn: 'trackDeadline',
    TranslateReportFunctionArn: 'translateReport',
    DeliverReportFunctionArn: 'deliverReport',
  },
} as const satisfies {
  id: string;
  definitionFile: string;
  envVar: string;
  substitutions: Record<string, FunctionKey>;
};
