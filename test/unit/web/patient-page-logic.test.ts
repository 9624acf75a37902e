import { describe, expect, it } from 'vitest';
import { loadLanguage } from '../../../web/patient/catalogues';
import { contentTypeOf } from '../../../web/patient/file-types';
import { initialLanguage, Translator } from '../../../web/patient/i18n';

describe('the patient page: language and file types', () => {
  it('starts in the saved language, else the case language, else the browser language, else English', () => {
    expect(initialLanguage('en', ['zh-CN'])).toBe('en');
    expect(initialLanguage(null, ['zh-TW', 'en'])).toBe('zh-TW');
    expect(initialLanguage(null, ['zh-Hans-SG'])).toBe('zh-CN');
    expect(initialLanguage(null, ['zh-Hans-HK'])).toBe('zh-CN');
    expect(initialLanguage(null, ['zh-Hant-SG'])).toBe('zh-TW');
    expect(initialLanguage('fr', ['pt-BR'])).toBe('fr');
    expect(initialLanguage('xx', ['pt-BR'])).toBe('pt');
    // The case's language wins over the browser's, a saved choice over both.
    expect(initialLanguage(null, ['en-US'], 'ar')).toBe('ar');
    expect(initialLanguage('ru', ['en-US'], 'ar')).toBe('ru');
    expect(initialLanguage(null, ['sw-KE'], 'sw')).toBe('en');
  });

  it('fills placeholders and falls back to the raw value for unknown table entries', async () => {
    const zh = new Translator('zh-CN', await loadLanguage('zh-CN'));
    expect(zh.t('turnaround', { city: '上海', days: 5 })).toBe('上海 · 资料齐全后 5 个工作日内出具报告');
    expect(zh.pick('itemStatus', 'accepted')).toBe('已接受');
    expect(zh.pick('itemStatus', 'unheard-of')).toBe('unheard-of');
  });

  it('declares a type the API accepts: the browser’s, else the extension’s, else DICOM for imaging', () => {
    expect(contentTypeOf('report.PDF', '', 'pathology-report')).toBe('application/pdf');
    expect(contentTypeOf('scan.jpg', 'image/jpeg', 'imaging')).toBe('image/jpeg');
    expect(contentTypeOf('IM000001', '', 'imaging')).toBe('application/dicom');
    expect(contentTypeOf('series.dcm', 'application/octet-stream', 'imaging')).toBe('application/dicom');
    expect(contentTypeOf('notes', '', 'tumor-markers')).toBe('application/octet-stream');
  });
});
