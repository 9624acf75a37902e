import { describe, expect, it } from 'vitest';
import { translationText } from '../../../functions/core/translation-text';

describe('the stored text of a translation', () => {
  it('gives a machine translation with its note, then the original after a heading', () => {
    expect(
      translationText(
        'Translation of a.pdf',
        { text: '病理', note: 'Machine draft', method: 'amazon-translate' },
        '--- Original ---',
        'Pathology',
      ),
    ).toBe('Translation of a.pdf\nMachine draft\n\n病理\n\n--- Original ---\n\nPathology\n');
  });

  it('does not repeat text that was not translated: it is the original already', () => {
    expect(
      translationText(
        'Translation of a.pdf',
        { text: 'Pathology', note: 'Not translated', method: 'untranslated' },
        '--- Original ---',
        'Pathology',
      ),
    ).toBe('Translation of a.pdf\nNot translated\n\nPathology\n');
  });
});
