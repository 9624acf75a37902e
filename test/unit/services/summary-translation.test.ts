import { TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { resetTranslator } from '../../../functions/adapters/translator';
import { translateSummary } from '../../../functions/services/summary-translation';
import { useAmazonTranslateEnv } from '../fake-aws-env';

// There is no Amazon Translate emulator: its answers and its outage are mocked at the SDK.
const translate = mockClient(TranslateClient);
const fast = { attempts: 2, baseDelayMs: 1 };
const summary = 'The specialist agrees with your plan: 4 more cycles.';

describe('the plain-language summary in the patient’s language', () => {
  useAmazonTranslateEnv();
  afterEach(() => translate.reset());

  it('is machine-translated from English into the language the case reads, without the Chinese terminology', async () => {
    translate.on(TranslateTextCommand).resolves({ TranslatedText: 'يتفق الاختصاصي مع خطتك: 4 دورات أخرى.' });
    expect(await translateSummary({ language: 'ar-EG' }, summary, fast)).toEqual({
      language: 'ar',
      method: 'amazon-translate',
      text: 'يتفق الاختصاصي مع خطتك: 4 دورات أخرى.',
    });
    const [call] = translate.commandCalls(TranslateTextCommand);
    expect(call?.args[0].input).toMatchObject({ SourceLanguageCode: 'en', TargetLanguageCode: 'ar' });
    expect(call?.args[0].input.TerminologyNames).toBeUndefined();
  });

  it('says when a number of the English is missing from the translation', async () => {
    translate.on(TranslateTextCommand).resolves({ TranslatedText: 'Le spécialiste approuve votre plan.' });
    expect(await translateSummary({ language: 'fr' }, summary, fast)).toMatchObject({
      method: 'amazon-translate',
      numbersDiffer: true,
    });
  });

  it('is left in English, saying so, when Amazon Translate stays unavailable or no translator runs', async () => {
    translate
      .on(TranslateTextCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    expect(await translateSummary({ language: 'ru' }, summary, fast)).toEqual({
      language: 'ru',
      method: 'untranslated',
    });
    process.env.TRANSLATOR = 'none';
    resetTranslator();
    expect(await translateSummary({ language: 'th' }, summary, fast)).toEqual({
      language: 'th',
      method: 'untranslated',
    });
  });

  it('is not translated for a reader of English, and a bad request is not taken for an outage', async () => {
    expect(await translateSummary({ language: 'en-KE' }, summary, fast)).toBeUndefined();
    translate
      .on(TranslateTextCommand)
      .rejects(Object.assign(new Error('bad'), { name: 'ValidationException' }));
    await expect(translateSummary({ language: 'vi' }, summary, fast)).rejects.toThrow('bad');
  });
});
