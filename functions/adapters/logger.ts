import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger. Log ids and outcomes only: never names, emails, birth dates,
 * diagnoses, file names or tokens.
 */
export const logger = new Logger({ serviceName: 'oncology-second-opinion' });
