import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalString,
  formatMoney,
  minorDigits,
  parseDecimalAmount,
  parseFeeList,
  sum,
} from '../../../functions/core/money';

/** Intl separates with no-break spaces. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('money in integer minor units', () => {
  it('knows each currency’s minor digits from ISO 4217', () => {
    expect([minorDigits('USD'), minorDigits('JPY'), minorDigits('KWD'), minorDigits('CNY')]).toEqual([
      2, 0, 3, 2,
    ]);
  });

  it('writes the exact decimal, never a float’s approximation', () => {
    expect(decimalString({ currency: 'USD', amount: 29_000 })).toBe('290.00');
    expect(decimalString({ currency: 'USD', amount: 7 })).toBe('0.07');
    expect(decimalString({ currency: 'KWD', amount: 5 })).toBe('0.005');
    expect(decimalString({ currency: 'JPY', amount: 1234 })).toBe('1234');
    expect(decimalString({ currency: 'USD', amount: -150 })).toBe('-1.50');
    // Above 2^53 / 100 a float division would round; the string never does.
    expect(plain(formatMoney({ currency: 'USD', amount: 9_007_199_254_740_991 }, 'en'))).toBe(
      'USD 90,071,992,547,409.91',
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (amount) => {
        const text = decimalString({ currency: 'USD', amount });
        expect(Number(text.replace('.', ''))).toBe(amount);
      }),
    );
  });

  it('formats for a reader’s language', () => {
    expect(plain(formatMoney({ currency: 'USD', amount: 29_000 }, 'en'))).toBe('USD 290.00');
    expect(plain(formatMoney({ currency: 'EUR', amount: 123_456 }, 'fr'))).toBe('1 234,56 EUR');
  });

  it('adds amounts of one currency only', () => {
    expect(
      sum('USD', [
        { currency: 'USD', amount: 10 },
        { currency: 'USD', amount: 20 },
      ]),
    ).toEqual({ currency: 'USD', amount: 30 });
    expect(() => sum('USD', [{ currency: 'EUR', amount: 1 }])).toThrow('cannot add EUR to USD');
  });

  it('reads the deployment’s coordination fees, refusing anything else', () => {
    expect(parseFeeList('USD 25000, EUR 23000')).toEqual({ USD: 25_000, EUR: 23_000 });
    expect(parseFeeList('USD 250.00')).toBeUndefined();
    expect(parseFeeList('XYZ 100')).toBeUndefined();
    expect(parseFeeList('USD 1, USD 2')).toBeUndefined();
    expect(parseFeeList('usd 100')).toBeUndefined();
  });
});

describe('an amount typed by a person', () => {
  it('is read exactly, with no more decimals than the currency has', () => {
    expect(parseDecimalAmount('1350', 'USD')).toBe(135_000);
    expect(parseDecimalAmount('1,350.5', 'USD')).toBe(135_050);
    expect(parseDecimalAmount('0.07', 'USD')).toBe(7);
    expect(parseDecimalAmount('1234', 'JPY')).toBe(1234);
    expect(parseDecimalAmount('12.5', 'JPY')).toBeUndefined();
    expect(parseDecimalAmount('1.005', 'USD')).toBeUndefined();
    expect(parseDecimalAmount('-5', 'USD')).toBeUndefined();
    expect(parseDecimalAmount('1e3', 'USD')).toBeUndefined();
  });
});
