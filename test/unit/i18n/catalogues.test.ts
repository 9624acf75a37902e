import { describe, expect, it } from 'vitest';
import { compareCatalogue, MessageCatalogue } from '../../../functions/core/message-catalogue';
import { requiredLanguageTags } from '../../../functions/core/patient-languages';
import { catalogueFamilies, readCatalogue } from '../../../scripts/i18n/catalogues';

/**
 * Every catalogue of every required language, against its English source: what it lacks, what
 * it has left over, and what does not parse or uses other arguments (the list a translator reads
 * with `npx tsx scripts/i18n/check-catalogues.ts`).
 */
describe('the message catalogues (locales/<family>/<tag>.json)', () => {
  const families = catalogueFamilies();

  it('are the booking page, the patient page, the server messages, the emails and the receipts', () => {
    expect(families).toEqual(['booking', 'email', 'page', 'receipt', 'server']);
  });

  for (const family of families) {
    const source = readCatalogue(family, 'en') ?? {};
    it(`${family}: the English source parses and says what each message is for`, () => {
      expect(compareCatalogue(source, source, 'en').broken).toEqual([]);
      const undescribed = Object.entries(source).filter(([, entry]) => !entry.description?.trim());
      expect(undescribed.map(([key]) => key)).toEqual([]);
    });
    for (const tag of requiredLanguageTags) {
      it(`${family}/${tag}: every message, parsing, with the source's arguments`, () => {
        const target = readCatalogue(family, tag);
        expect(target, `locales/${family}/${tag}.json is missing`).toBeDefined();
        const findings = compareCatalogue(source, target ?? {}, tag);
        console.log(
          `${family}/${tag}: ${(findings.coverage * 100).toFixed(1)}% of ${Object.keys(source).length}`,
        );
        expect({ missing: findings.missing, extra: findings.extra, broken: findings.broken }).toEqual({
          missing: [],
          extra: [],
          broken: [],
        });
        // Each message keeps the source's description: a translator reviewing this file sees the context.
        const undescribed = Object.keys(source).filter(
          (key) => target?.[key] && target[key]?.description !== source[key]?.description,
        );
        expect(undescribed).toEqual([]);
      });
    }
  }

  it('finds what a catalogue lacks, keeps extra, and misparses, argument by argument', () => {
    const source = {
      a: { message: 'Hello {name}' },
      b: { message: '{n, plural, one {# file} other {# files}}' },
      c: { message: '{what, select, image {image} other {file}}' },
      d: { message: 'Plain' },
    };
    const findings = compareCatalogue(
      source,
      {
        a: { message: 'Bonjour {nom}' },
        b: { message: '{n, plural, one {# fichier} other {# fichiers' },
        c: { message: '{what, select, picture {image} other {fichier}}' },
        e: { message: 'Left over' },
      },
      'fr',
    );
    expect(findings.missing).toEqual(['d']);
    expect(findings.extra).toEqual(['e']);
    expect(findings.broken.map((entry) => entry.key)).toEqual(['a', 'b', 'c']);
    expect(findings.coverage).toBe(0);
  });

  it('says a message the language lacks in English, never as a blank or a key', () => {
    const source = { greet: { message: 'Hello {name}' }, bye: { message: 'Goodbye' } };
    const catalogue = new MessageCatalogue('ar', { greet: { message: 'مرحبا {name}' } }, source);
    expect(catalogue.format('greet', { name: 'Amina' })).toBe('مرحبا Amina');
    expect(catalogue.format('bye')).toBe('Goodbye');
    expect(catalogue.translates('bye')).toBe(false);
    // A broken translation falls back to the English message too.
    const broken = new MessageCatalogue('fr', { bye: { message: '{oops' } }, source);
    expect(broken.format('bye')).toBe('Goodbye');
  });
});
