/**
 * Money is an integer count of a currency's minor units (cents, fen; yen have none) with its
 * ISO 4217 code: never a floating-point amount. Sums stay integers; only display divides.
 */
export interface Money {
  readonly currency: string;
  /** Minor units: USD 290.00 is 29000. */
  readonly amount: number;
}

/** The most a single fee or total may be, in minor units: far above any review, far below 2^53. */
export const MAX_MINOR_UNITS = 100_000_000_00;

const supportedCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code this runtime knows (its minor digits come from the same table). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && supportedCurrencies.has(code);
}

/** How many decimals a currency's minor unit has (USD 2, JPY 0, KWD 3), from ISO 4217 via Intl. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

/** The exact decimal string of an amount: 29000 USD is "290.00" (no float on the way). */
export function decimalString(money: Money): string {
  const digits = minorDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const units = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${units}` : `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/**
 * An amount as a reader of `locale` writes it ("USD 290.00", "290,00 US$"). Intl formats the
 * exact decimal string, so 0.1 + 0.2 never shows.
 */
export function formatMoney(money: Money, locale: string): string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    currencyDisplay: 'code',
  });
  // Intl.NumberFormat takes a decimal string exactly (ECMA-402 "Intl.NumberFormat v3").
  return format.format(decimalString(money) as unknown as number);
}

/** The sum of amounts in one currency; mixing currencies is a programming error. */
export function sum(currency: string, amounts: readonly Money[]): Money {
  let total = 0;
  for (const money of amounts) {
    if (money.currency !== currency) throw new Error(`cannot add ${money.currency} to ${currency}`);
    total += money.amount;
  }
  if (!Number.isSafeInteger(total)) throw new Error('amount out of range');
  return { currency, amount: total };
}

/**
 * Reads the deployment's coordination fees, `USD 2500, EUR 2300` (a code and minor units per
 * currency, comma-separated): one fee per currency a hospital may charge in. Undefined when the
 * text is not that shape.
 */
export function parseFeeList(text: string): Readonly<Record<string, number>> | undefined {
  const fees: Record<string, number> = {};
  for (const entry of text.split(',')) {
    const match = /^\s*([A-Z]{3})\s+(\d{1,12})\s*$/.exec(entry);
    if (!match || !isCurrencyCode(match[1]!)) return undefined;
    const amount = Number(match[2]);
    if (amount > MAX_MINOR_UNITS || match[1]! in fees) return undefined;
    fees[match[1]!] = amount;
  }
  return fees;
}

/**
 * An amount a person typed ("1350", "1,350.00") as minor units, read as text so no float
 * rounds it; undefined when it is not a plain amount with at most the currency's decimals.
 */
export function parseDecimalAmount(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const match = /^(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const amount = Number(match[1]!.replace(/,/g, '') + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(amount) && amount <= MAX_MINOR_UNITS ? amount : undefined;
}
