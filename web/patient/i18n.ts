import { remoteReviewLimits } from '../../functions/core/opinion';
import type { ItemId } from '../../functions/core/vocabulary';

/** The page's two interface languages; what the server writes (gap messages, the report) stays as sent. */
export type Language = 'en' | 'zh-CN';
export const languages: readonly Language[] = ['en', 'zh-CN'];

const en = {
  title: 'Your records for a second opinion',
  intro:
    'Send the specialist the records they need. Files go straight to encrypted storage for your case; only your care team and the hospital you choose can read them.',
  languageLabel: 'Language',
  loading: 'Loading your case…',
  noToken:
    'This page opens from the personal link your coordinator sent you. Open that link again, or ask your coordinator for a new one.',
  linkInvalid: 'Your link has expired or is no longer valid. Ask your coordinator for a new one.',
  networkError: 'We could not reach the server. Check your connection; nothing you sent is lost.',
  caseStatus: 'Case status',
  statuses: {
    collecting: 'Collecting your records',
    ready: 'Ready to send to the hospital',
    submitted: 'Sent to the hospital',
    'under-review': 'Under review by the specialist',
    overdue: 'The report is late; your coordinator is following up',
    completed: 'Report delivered',
    cancelled: 'Cancelled',
  } as Record<string, string>,
  expectedReport: 'Report expected by {date}',
  checklistHeading: 'Your checklist',
  checklistIntro: 'What the specialist needs, and where each item stands.',
  required: 'Required',
  optional: 'Optional',
  whyNeeded: 'Why it is needed',
  itemStatus: {
    missing: 'Missing',
    uploading: 'Uploading',
    validating: 'Checking',
    received: 'Received',
    accepted: 'Accepted',
    rejected: 'Rejected',
    'in-transit': 'Disc on its way',
    cancelled: 'Cancelled',
  } as Record<string, string>,
  documentRejected: 'Not accepted: {reason}',
  gapsHeading: 'Still missing',
  noGaps: 'Nothing is missing. Your coordinator can send the case to the hospital.',
  blocking: 'Needed before the case can be sent',
  advisory: 'Would help the specialist',
  uploadHeading: 'Send files',
  uploadIntro:
    'Choose what the files are, then drop them below or browse. You can send a whole folder from an imaging disc. Large scans are sent in parts: if your connection drops, press resume and only the missing parts are sent again.',
  uploadFor: 'These files are',
  uploadWrongType: '{name} cannot be sent as {item}. Accepted: {accepted}.',
  uploadClosed: 'The case has been sent to the hospital: files can no longer be added.',
  historyHeading: 'Treatment history',
  historyIntro: 'Every treatment so far, with dates. Leave out what does not apply.',
  historySaved: 'Your treatment history is saved.',
  historyInvalid: 'Some answers need attention. They are marked below.',
  save: 'Save',
  add: 'Add',
  remove: 'Remove',
  surgeries: 'Surgeries',
  surgery: 'Surgery',
  procedure: 'Procedure',
  date: 'Date',
  outcome: 'Outcome (optional)',
  chemotherapy: 'Chemotherapy',
  chemotherapyCourse: 'Chemotherapy course',
  regimen: 'Regimen',
  drug: 'Drug',
  drugName: 'Drug name',
  dose: 'Dose',
  unit: 'Unit',
  addDrug: 'Add a drug',
  cycles: 'Cycles',
  startDate: 'Start date',
  endDate: 'End date (optional)',
  response: 'How the cancer responded',
  responses: {
    'complete-response': 'Complete response',
    'partial-response': 'Partial response',
    'stable-disease': 'Stable disease',
    'progressive-disease': 'Progressive disease',
    'not-assessed': 'Not assessed yet',
  } as Record<string, string>,
  radiation: 'Radiation',
  radiationCourse: 'Radiation course',
  target: 'Area treated',
  doseGy: 'Total dose (Gy)',
  fractions: 'Fractions',
  systemicTherapies: 'Other drug treatment',
  systemicTherapy: 'Treatment',
  kind: 'Kind',
  kinds: {
    immunotherapy: 'Immunotherapy',
    targeted: 'Targeted therapy',
    'clinical-trial': 'Clinical trial',
    hormonal: 'Hormonal therapy',
    other: 'Other',
  } as Record<string, string>,
  drugsCommaSeparated: 'Drugs (separate with commas)',
  trialId: 'Trial registry id (optional)',
  tumorMarkers: 'Tumor markers',
  tumorMarker: 'Tumor marker',
  markerName: 'Marker',
  value: 'Value',
  latestImagingDate: 'Date of your latest scan (optional)',
  currentPlan: 'What your oncologist recommends now (optional)',
  recommendedPath: 'Recommended course',
  paths: {
    'continue-current-plan': 'Continue the current plan',
    surgery: 'Surgery',
    radiotherapy: 'Radiotherapy',
    'proton-therapy': 'Proton therapy',
    'systemic-therapy': 'Drug treatment',
    'clinical-trial': 'A clinical trial',
    'active-surveillance': 'Active surveillance',
    'palliative-care': 'Comfort-focused care',
    other: 'Something else',
  } as Record<string, string>,
  planSummary: 'In your oncologist’s words',
  notChosen: 'Not chosen',
  shipmentHeading: 'Sending a disc by courier instead',
  shipmentIntro: 'If you cannot upload the scans, send the imaging disc and tell us how it travels.',
  carrier: 'Courier',
  trackingNumber: 'Tracking number',
  shippedAt: 'Date sent',
  contents: 'What is on the disc',
  shipmentSaved: 'Shipment recorded: {carrier} {tracking}.',
  consentHeading: 'Your consent',
  consentIntro: 'Your records are sent only after you agree here.',
  hospital: 'Hospital',
  turnaround: '{city} · report within {days} business days of complete records',
  whatIsShared: 'What will be shared with {hospital}',
  sharedDocuments: 'Files you sent: {files}',
  sharedHistory: 'Your treatment history and your question for the specialist',
  sharedTranslation: 'A Simplified Chinese translation of these records',
  nothingYet: 'none yet',
  limitsHeading: 'What a remote review cannot do',
  limits: remoteReviewLimits as Record<string, string>,
  fullName: 'Your full name, as on your case',
  agree: 'I agree to share these records with the hospital named above for a written second opinion.',
  giveConsent: 'Give consent',
  consentGiven: 'Consent given on {date}.',
  reportHeading: 'Your report',
  reportDownload: 'Download the specialist’s report',
  translationDownload: 'Download the translation',
  summaryHeading: 'In plain words',
  specialist: 'Specialist: {name}, {department}',
  limitsNoted: 'What the specialist noted a remote review could not settle',
  addendum: 'Answer to your questions ({date})',
  fieldRequired: 'Please fill this in.',
  saving: 'Saving…',
  saved: 'Saved.',
};

type Messages = typeof en;

const zh: Messages = {
  title: '您的第二诊疗意见资料',
  intro:
    '请把专家需要的资料发送给我们。文件直接进入您病例的加密存储；只有您的护理团队和您选择的医院可以查看。',
  languageLabel: '语言',
  loading: '正在载入您的病例…',
  noToken: '本页面需要从协调员发给您的个人链接打开。请重新打开该链接，或向协调员索取新链接。',
  linkInvalid: '您的链接已过期或失效。请向协调员索取新链接。',
  networkError: '无法连接服务器。请检查网络；您已发送的资料不会丢失。',
  caseStatus: '病例状态',
  statuses: {
    collecting: '正在收集资料',
    ready: '可以发送给医院',
    submitted: '已发送给医院',
    'under-review': '专家审阅中',
    overdue: '报告已逾期，协调员正在跟进',
    completed: '报告已送达',
    cancelled: '已取消',
  },
  expectedReport: '预计报告日期：{date}',
  checklistHeading: '资料清单',
  checklistIntro: '专家需要的资料及每一项的状态。',
  required: '必需',
  optional: '可选',
  whyNeeded: '为什么需要',
  itemStatus: {
    missing: '缺少',
    uploading: '上传中',
    validating: '检查中',
    received: '已收到',
    accepted: '已接受',
    rejected: '未接受',
    'in-transit': '光盘寄送中',
    cancelled: '已取消',
  },
  documentRejected: '未接受：{reason}',
  gapsHeading: '仍然缺少',
  noGaps: '资料已齐全。协调员可以把病例发送给医院。',
  blocking: '发送病例前必需',
  advisory: '对专家有帮助',
  uploadHeading: '发送文件',
  uploadIntro:
    '先选择文件类别，再把文件拖到下方或点击浏览。可以发送影像光盘的整个文件夹。大型影像分段发送：网络中断后点击继续，只会重新发送缺少的部分。',
  uploadFor: '这些文件是',
  uploadWrongType: '{name} 不能作为“{item}”发送。可接受：{accepted}。',
  uploadClosed: '病例已发送给医院，不能再添加文件。',
  historyHeading: '治疗经过',
  historyIntro: '填写迄今为止的每项治疗及日期。不适用的部分可以不填。',
  historySaved: '您的治疗经过已保存。',
  historyInvalid: '有些内容需要修改，已在下方标出。',
  save: '保存',
  add: '添加',
  remove: '删除',
  surgeries: '手术',
  surgery: '手术',
  procedure: '手术名称',
  date: '日期',
  outcome: '结果（可选）',
  chemotherapy: '化疗',
  chemotherapyCourse: '化疗疗程',
  regimen: '方案',
  drug: '药物',
  drugName: '药物名称',
  dose: '剂量',
  unit: '单位',
  addDrug: '添加药物',
  cycles: '周期数',
  startDate: '开始日期',
  endDate: '结束日期（可选）',
  response: '疗效',
  responses: {
    'complete-response': '完全缓解',
    'partial-response': '部分缓解',
    'stable-disease': '疾病稳定',
    'progressive-disease': '疾病进展',
    'not-assessed': '尚未评估',
  },
  radiation: '放疗',
  radiationCourse: '放疗疗程',
  target: '照射部位',
  doseGy: '总剂量（Gy）',
  fractions: '分次数',
  systemicTherapies: '其他药物治疗',
  systemicTherapy: '治疗',
  kind: '类型',
  kinds: {
    immunotherapy: '免疫治疗',
    targeted: '靶向治疗',
    'clinical-trial': '临床试验',
    hormonal: '内分泌治疗',
    other: '其他',
  },
  drugsCommaSeparated: '药物（用逗号分隔）',
  trialId: '试验注册号（可选）',
  tumorMarkers: '肿瘤标志物',
  tumorMarker: '肿瘤标志物',
  markerName: '标志物',
  value: '数值',
  latestImagingDate: '最近一次影像检查日期（可选）',
  currentPlan: '您的肿瘤科医生目前的建议（可选）',
  recommendedPath: '建议的治疗方向',
  paths: {
    'continue-current-plan': '继续目前方案',
    surgery: '手术',
    radiotherapy: '放疗',
    'proton-therapy': '质子治疗',
    'systemic-therapy': '药物治疗',
    'clinical-trial': '临床试验',
    'active-surveillance': '主动监测',
    'palliative-care': '以舒适为主的照护',
    other: '其他',
  },
  planSummary: '医生的原话',
  notChosen: '未选择',
  shipmentHeading: '改为快递寄送光盘',
  shipmentIntro: '如果无法上传影像，可以寄送影像光盘，并告诉我们寄送信息。',
  carrier: '快递公司',
  trackingNumber: '运单号',
  shippedAt: '寄出日期',
  contents: '光盘内容',
  shipmentSaved: '已记录寄送：{carrier} {tracking}。',
  consentHeading: '您的同意',
  consentIntro: '只有在您于此处同意后，资料才会发送。',
  hospital: '医院',
  turnaround: '{city} · 资料齐全后 {days} 个工作日内出具报告',
  whatIsShared: '将与{hospital}共享的内容',
  sharedDocuments: '您发送的文件：{files}',
  sharedHistory: '您的治疗经过和您向专家提出的问题',
  sharedTranslation: '以上资料的简体中文译文',
  nothingYet: '暂无',
  limitsHeading: '远程会诊做不到的事',
  limits: {
    'tissue-reread': '专家阅读您的病理报告；除非寄送切片或蜡块，否则无法重新检查组织本身。',
    'imaging-age': '专家只能根据影像拍摄当天的情况作出判断。',
    'surgical-resectability': '肿瘤能否手术切除，最终只能由主刀医生当面决定。',
    'physical-assessment': '无法远程为您做体格检查。',
  },
  fullName: '您的全名（与病例一致）',
  agree: '我同意与上述医院共享这些资料，以获得书面第二诊疗意见。',
  giveConsent: '提交同意',
  consentGiven: '已于 {date} 同意。',
  reportHeading: '您的报告',
  reportDownload: '下载专家报告',
  translationDownload: '下载译文',
  summaryHeading: '通俗说明',
  specialist: '专家：{name}，{department}',
  limitsNoted: '专家指出远程会诊无法确定的事项',
  addendum: '对您问题的答复（{date}）',
  fieldRequired: '请填写此项。',
  saving: '正在保存…',
  saved: '已保存。',
};

/** Checklist item names and purposes in the interface language (the server's are English). */
const items: Record<Language, Record<ItemId, { title: string; why: string }>> = {
  en: {
    'pathology-report': {
      title: 'Pathology report',
      why: 'It confirms the diagnosis, grade, stage and markers ({markers}) the specialist bases the opinion on.',
    },
    imaging: {
      title: 'Imaging (CT, MRI or PET-CT)',
      why: 'The specialist looks at the scans themselves, not only the radiology report. DICOM files from the imaging disc show the most.',
    },
    'treatment-history': {
      title: 'Treatment history',
      why: 'What has been tried, when, and how the cancer responded shapes what can come next.',
    },
    'tumor-markers': {
      title: 'Recent blood work and tumor markers',
      why: 'Recent results show how the disease is behaving now.',
    },
  },
  'zh-CN': {
    'pathology-report': {
      title: '病理报告',
      why: '病理报告确认诊断、分级、分期和标志物（{markers}），是专家意见的依据。',
    },
    imaging: {
      title: '影像（CT、MRI 或 PET-CT）',
      why: '专家需要查看影像本身，而不仅是影像报告。光盘中的 DICOM 文件信息最完整。',
    },
    'treatment-history': {
      title: '治疗经过',
      why: '既往治疗、时间和疗效决定下一步的选择。',
    },
    'tumor-markers': {
      title: '近期血液检查和肿瘤标志物',
      why: '近期结果反映疾病目前的情况。',
    },
  },
};

const catalogue: Record<Language, Messages> = { en, 'zh-CN': zh };

export type MessageKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];
export type TableKey = { [K in keyof Messages]: Messages[K] extends string ? never : K }[keyof Messages];

export class Translator {
  constructor(readonly language: Language) {}

  t(key: MessageKey, values: Record<string, string | number> = {}): string {
    return (catalogue[this.language][key] as string).replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  }

  /** One entry of a table (statuses, responses…), falling back to the raw value. */
  pick(table: TableKey, value: string): string {
    return (catalogue[this.language][table] as Record<string, string>)[value] ?? value;
  }

  item(itemId: ItemId): { title: string; why: string } {
    return items[this.language][itemId];
  }

  date(iso: string): string {
    return new Intl.DateTimeFormat(this.language, { dateStyle: 'long' }).format(new Date(iso));
  }
}

/** The saved choice, else the browser's: Chinese for any zh tag, English otherwise. */
export function initialLanguage(saved: string | null, browser: readonly string[]): Language {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return browser.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}
