import type { Bilingual } from './summary-pdf';
import type { ItemId } from './vocabulary';

/**
 * What each category of a package file is called, in English and Chinese: the summary's
 * document index and the hospital portal's file list read the same names (pure, no Node
 * imports, so the portal's bundle can take it).
 */
const CATEGORY: Record<
  ItemId | 'summary' | 'summary-data' | 'manifest' | 'translation' | 'certified-translation',
  Bilingual
> = {
  'pathology-report': { en: 'Pathology report', zh: '病理报告' },
  imaging: { en: 'Imaging', zh: '影像资料' },
  'treatment-history': { en: 'Treatment history', zh: '治疗史' },
  'tumor-markers': { en: 'Blood work and tumor markers', zh: '血液检查与肿瘤标志物' },
  summary: { en: 'Case summary', zh: '病例摘要' },
  'summary-data': { en: 'Case summary (data)', zh: '病例摘要（数据）' },
  manifest: { en: 'Manifest', zh: '文件清单' },
  translation: { en: 'Translation (machine draft)', zh: '翻译（机器草稿）' },
  'certified-translation': { en: 'Certified translation', zh: '认证翻译' },
};

export type PackageCategory = keyof typeof CATEGORY;

export const categoryLabel = (category: PackageCategory): Bilingual => CATEGORY[category];

/** A category's name, or the category itself when it is not one of the package's. */
export const categoryName = (category: string): Bilingual | undefined =>
  Object.hasOwn(CATEGORY, category) ? CATEGORY[category as PackageCategory] : undefined;
