import { TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { translateForPatient, translateFreeText } from '../../../functions/adapters/translator';
import { readingLanguage } from '../../../functions/core/case/record';
import { chunkForTranslate, missingNumbers, TRANSLATE_MAX_BYTES } from '../../../functions/core/text-chunks';
import { useAmazonTranslateEnv } from '../fake-aws-env';

const fast = { attempts: 6, baseDelayMs: 1 };
// One mock for the file: a second mockClient of the same client would replace the first.
const translate = mockClient(TranslateClient);
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('chunking for Amazon Translate', () => {
  it('splits at sentence boundaries under 10,000 bytes and loses nothing', () => {
    const sentence = 'The patient received 4 cycles of AC-T at 60 mg/m2 with a partial response. ';
    const text = sentence.repeat(400); // ~30 KB
    const chunks = chunkForTranslate(text);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(TRANSLATE_MAX_BYTES);
      expect(chunk.endsWith('. ')).toBe(true);
    }
  });

  it('splits an over-long sentence at spaces and an over-long word at character boundaries', () => {
    const longWord = '病'.repeat(5000); // 15,000 bytes of three-byte characters
    const chunks = chunkForTranslate(`${'word '.repeat(3000)}${longWord}`);
    expect(chunks.join('')).toBe(`${'word '.repeat(3000)}${longWord}`);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(TRANSLATE_MAX_BYTES);
  });

  it('finds numbers a translation lost', () => {
    expect(missingNumbers('50 Gy in 25 fractions on 2026-07-01', '50 Gy，分25次，2026-07-01')).toEqual([]);
    expect(missingNumbers('dose 60 mg/m2', '剂量 mg/m2')).toEqual(['60']);
  });
});

describe('Amazon Translate for records and for the patient', () => {
  useAmazonTranslateEnv();
  afterEach(() => translate.reset());

  it('sends each chunk with the terminology and joins the results', async () => {
    translate
      .on(TranslateTextCommand)
      .callsFake((input: { Text: string }) => ({ TranslatedText: `[zh]${input.Text}` }));
    const text = 'Is my plan right? '.repeat(1000);
    const result = await translateFreeText(text, fast);
    const calls = translate.commandCalls(TranslateTextCommand);
    expect(calls.length).toBe(chunkForTranslate(text).length);
    expect(calls[0]!.args[0].input).toEqual({
      Text: chunkForTranslate(text)[0],
      SourceLanguageCode: 'en',
      TargetLanguageCode: 'zh',
      TerminologyNames: ['oncology-en-zh'],
    });
    expect(result.method).toBe('amazon-translate');
    expect(result.text.startsWith('[zh]Is my plan right?')).toBe(true);
  });

  it('retries throttling with backoff, then succeeds', async () => {
    translate
      .on(TranslateTextCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ TranslatedText: '我的治疗方案合适吗？' });
    const result = await translateFreeText('Is my plan right?', fast);
    expect(result.text).toBe('我的治疗方案合适吗？');
    expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(3);
  });

  it('gives up after the last attempt when throttling persists', async () => {
    translate.on(TranslateTextCommand).rejects(throttled());
    await expect(translateFreeText('Is my plan right?', fast)).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(6);
  });

  it('does not retry a failure that retrying cannot fix', async () => {
    translate
      .on(TranslateTextCommand)
      .rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    await expect(translateFreeText('Is my plan right?', fast)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(1);
  });

  it('flags a translation that lost a number', async () => {
    translate.on(TranslateTextCommand).resolves({ TranslatedText: '剂量 mg/m2' });
    const result = await translateFreeText('dose 60 mg/m2', fast);
    expect(result.missingNumbers).toEqual(['60']);
    expect(result.note).toMatch(/numbers differ/);
  });

  it('locally keeps the English and says so, calling nothing', async () => {
    process.env.TRANSLATOR = 'none';
    const result = await translateFreeText('Is my plan right?', fast);
    expect(result).toMatchObject({ method: 'untranslated', text: 'Is my plan right?' });
    expect(result.note).toContain('not machine-translated');
    expect(translate.calls()).toHaveLength(0);
  });

  it('translates from the report’s language into the patient’s, with the terminology only for English to Chinese', async () => {
    translate
      .on(TranslateTextCommand)
      .callsFake((input: { Text: string }) => ({ TranslatedText: `[es]${input.Text}` }));
    const result = await translateForPatient(
      '建议参加临床试验 NCT01234567。',
      { source: 'zh', target: 'es' },
      fast,
    );
    expect(translate.commandCalls(TranslateTextCommand)[0]!.args[0].input).toEqual({
      Text: '建议参加临床试验 NCT01234567。',
      SourceLanguageCode: 'zh',
      TargetLanguageCode: 'es',
    });
    expect(result).toMatchObject({ method: 'amazon-translate', missingNumbers: [] });
    expect(result.note).toMatch(/from zh to es; not a certified translation/);

    translate.reset();
    translate.on(TranslateTextCommand).resolves({ TranslatedText: '报告' });
    await translateForPatient('Report', { source: 'en', target: 'zh' }, fast);
    expect(translate.commandCalls(TranslateTextCommand)[0]!.args[0].input.TerminologyNames).toEqual([
      'oncology-en-zh',
    ]);
  });

  it('says so, and keeps the original, where no translator is configured', async () => {
    process.env.TRANSLATOR = 'none';
    const result = await translateForPatient('Report text', { source: 'en', target: 'es' }, fast);
    expect(result).toMatchObject({ method: 'untranslated', text: 'Report text' });
    expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(0);
  });

  it('reads the patient’s language from their tag', () => {
    expect(readingLanguage('es')).toBe('es');
    expect(readingLanguage('pt-BR')).toBe('pt');
    expect(readingLanguage('zh-Hant-TW')).toBe('zh-TW');
    expect(readingLanguage('zh-Hans')).toBe('zh');
    // The script subtag decides before the region: simplified Chinese as written in Hong Kong.
    expect(readingLanguage('zh-HK')).toBe('zh-TW');
    expect(readingLanguage('zh-Hans-HK')).toBe('zh');
  });
});
