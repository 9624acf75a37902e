import * as z from 'zod';
import { isCurrencyCode, MAX_MINOR_UNITS } from './money';

// Apart from money.ts: the settings reader parses fee lists with it, and zod stays out of its import.

export const currencyCodeSchema = z
  .string()
  .refine(isCurrencyCode, { message: 'Use an ISO 4217 currency code such as USD or CNY.' });

export const minorUnitsSchema = z
  .number()
  .int('Give amounts in whole minor units (cents): 29000 for 290.00.')
  .min(0)
  .max(MAX_MINOR_UNITS);
