import type { Modality } from '../../functions/core/hospital';
import type { CancerType, CaseStatus } from '../../functions/core/vocabulary';

/** The console's languages (as in i18n.ts, which Node-side tests cannot load: it touches the DOM). */
type Lang = 'en' | 'zh-Hans';

/** The names of the API's vocabulary, one place for every view of the console. */
export const cancerTypeNames: Record<Lang, Record<CancerType, string>> = {
  en: {
    breast: 'Breast',
    lung: 'Lung',
    colorectal: 'Colorectal',
    gastric: 'Gastric',
    esophageal: 'Oesophageal',
    liver: 'Liver',
    pancreatic: 'Pancreatic',
    nasopharyngeal: 'Nasopharyngeal',
    other: 'Other',
  },
  'zh-Hans': {
    breast: '乳腺癌',
    lung: '肺癌',
    colorectal: '结直肠癌',
    gastric: '胃癌',
    esophageal: '食管癌',
    liver: '肝癌',
    pancreatic: '胰腺癌',
    nasopharyngeal: '鼻咽癌',
    other: '其他',
  },
};

export const modalityNames: Record<Lang, Record<Modality, string>> = {
  en: {
    surgery: 'Surgery',
    radiotherapy: 'Radiotherapy',
    'proton-therapy': 'Proton therapy',
    'heavy-ion-therapy': 'Heavy-ion therapy',
    chemotherapy: 'Chemotherapy',
    'targeted-therapy': 'Targeted therapy',
    immunotherapy: 'Immunotherapy',
    'interventional-oncology': 'Interventional oncology',
    'clinical-trials': 'Clinical trials',
  },
  'zh-Hans': {
    surgery: '手术',
    radiotherapy: '放疗',
    'proton-therapy': '质子治疗',
    'heavy-ion-therapy': '重离子治疗',
    chemotherapy: '化疗',
    'targeted-therapy': '靶向治疗',
    immunotherapy: '免疫治疗',
    'interventional-oncology': '介入治疗',
    'clinical-trials': '临床试验',
  },
};

/** The Chinese for each status word of the API (the English interface shows the word itself). */
export const zhStatusNames: Record<CaseStatus, string> = {
  collecting: '收集资料',
  ready: '可提交',
  routing: '正在发送',
  'awaiting-certified-translation': '等待认证翻译',
  'awaiting-receipt': '等待医院确认接收',
  'under-review': '专家审阅中',
  overdue: '已逾期',
  'awaiting-summary': '等待通俗摘要',
  completed: '已完成',
  cancelled: '已取消',
};
