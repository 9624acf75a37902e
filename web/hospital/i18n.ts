import type { ItemId } from '../../functions/core/vocabulary';
import { formatDay, formatInstant, statusText } from '../console/formats';
import { cancerTypeNames } from '../console/vocabulary-text';

/**
 * Every string of the hospital portal, Simplified Chinese first (the international patient
 * department works in Chinese), English on a switch. What the server wrote in one language (the
 * patient's question, gap messages) stays as it came; the summary's bilingual fields show both.
 */
export type Lang = 'zh-Hans' | 'en';
export const langs: readonly Lang[] = ['zh-Hans', 'en'];
/** Each language's button names itself in that language. */
export const langNames: Record<Lang, string> = { 'zh-Hans': '简体中文', en: 'English' };

const zh = {
  portalTitle: '医院门户',
  skip: '跳到正文',
  loading: '正在加载…',
  mainNav: '门户导航',
  languageGroup: '界面语言',
  navInbox: '病例收件箱',
  signOut: '退出登录',
  signedInAs: (who: string) => `已登录：${who}`,
  signingIn: '正在登录…',
  signInFailed: '登录未完成，请重试。',
  signInAgain: '重新登录',
  notStaff: '此账户不能使用医院门户',
  notStaffDetail: '您已登录，但此账户不属于任何一家合作医院。请退出后使用医院工作人员账户登录。',
  notFoundView: '门户中没有此页面。',
  networkError: '无法连接服务器，请检查网络后重试。',
  errorPrefix: '服务器拒绝了此操作：',
  retry: '重试',
  back: '返回收件箱',
  // Inbox
  inboxTitle: '送达本院的病例',
  inboxIntro: '仅显示送达本院的病例。点击一行打开病例。',
  inboxCaption: '病例列表',
  colCase: '病例编号',
  colStatus: '状态',
  colCancer: '癌症类型',
  colDelivered: '送达时间',
  colDue: '预计报告日期',
  colDaysLeft: '剩余工作日',
  colFlags: '标记',
  flagNew: '新病例',
  flagOverdue: '已逾期',
  flagExpedited: '加急',
  flagProvisional: '日期待定',
  noCases: '目前没有送达本院的病例。',
  daysLeft: (days: number) => (days < 0 ? `逾期 ${-days} 个工作日` : `${days} 个工作日`),
  // Case
  caseTitle: (caseId: string) => `病例 ${caseId}`,
  overview: '概况',
  deadline: '报告期限',
  dueOn: '报告截止日',
  receivedOn: '资料确认齐全日',
  turnaround: (days: number) => `${days} 个工作日`,
  calendar: (country: string, zone: string) => `按 ${country} 节假日历计算（${zone}）`,
  noDeadline: '确认接收资料齐全后开始计算报告期限。',
  actions: '操作',
  confirmReceipt: '确认接收',
  recordsComplete: '资料齐全',
  somethingMissing: '缺少资料',
  discArrived: '患者寄送的影像光盘已收到',
  missingLegend: '缺少哪些资料（按清单项目）',
  missingWhat: (item: string) => `${item}：缺少什么`,
  sendReceipt: '发送接收确认',
  receiptConfirmed: (due: string) => `已确认资料齐全。报告截止日：${due}。`,
  receiptIncomplete: '已告知协调员缺少的资料；病例退回补充资料阶段。',
  pickMissing: '请至少选择一项缺少的资料并说明缺少什么。',
  openImages: '查看影像',
  downloadAll: '全部下载',
  writeOpinion: '撰写意见',
  specialist: '指定专科医生',
  specialistName: '医生姓名',
  department: '科室',
  assign: '指定',
  assigned: (name: string, department: string) => `已指定：${name}（${department}）`,
  extension: '申请延期',
  extensionDays: '延长工作日数',
  extensionReason: '延期原因',
  extensionReasonHint: '例如：需要多学科会诊。协调员会看到此说明。',
  requestExtension: '提交延期申请',
  extended: (due: string) => `已延期。新的报告截止日：${due}。`,
  // Summary
  summary: '病例摘要',
  summaryPdf: '病例摘要 PDF',
  summaryMissing: '此病例包未附结构化摘要（较早生成的病例包），请查看摘要 PDF。',
  question: '患者的问题',
  questionOriginal: '原文',
  questionTranslated: '译文',
  patient: '患者',
  born: '出生日期',
  country: '国家',
  generated: '生成时间',
  diagnosis: '诊断',
  histology: '组织学类型',
  subtype: '亚型',
  grade: '分级',
  stage: '分期',
  markers: '分子标志物',
  marker: '标志物',
  result: '结果',
  source: '来源',
  notStated: '未注明',
  treatments: '治疗经过',
  treatment: '治疗',
  dates: '日期',
  response: '疗效',
  tumorMarkers: '最近肿瘤标志物',
  value: '数值',
  date: '日期',
  imaging: '影像索引',
  study: '检查',
  series: '序列',
  modality: '检查方式',
  bodyPart: '部位',
  instances: '图像数',
  none: '无',
  untranslatedMark: '（部分术语未翻译）',
  // Files
  files: '文件',
  filesCaption: '病例包中的所有文件',
  fileName: '文件名',
  category: '类别',
  translation: '翻译方式',
  size: '大小',
  sha256: 'SHA-256',
  download: '下载',
  downloadFile: (name: string) => `下载 ${name}`,
  translationMethod: {
    'machine-draft': '机器翻译草稿',
    certified: '认证翻译',
    untranslated: '未翻译',
  } as Record<string, string>,
  downloading: (done: string, total: string) => `正在下载并校验：${done} / ${total}`,
  downloaded: (files: number) => `已下载 ${files} 个文件，SHA-256 全部与清单一致。`,
  checksumFailed: (name: string) => `${name} 的 SHA-256 与清单不一致，下载已中止，未保存任何文件。`,
  downloadFailed: '下载失败，请重试。',
  linksExpired: '下载链接已过期，正在重新获取…',
  // Images and opinion
  imagesTitle: (caseId: string) => `病例 ${caseId} 的影像`,
  noImages: '此病例包中没有 DICOM 影像。',
  packageRemoved: '报告送达后，病例包已从中转存储中删除；文件不再提供下载。',
  loadingViewer: '正在加载影像查看器…',
  viewerFailed: '影像查看器无法加载。',
  opinionTitle: (caseId: string) => `病例 ${caseId} 的第二诊疗意见`,
  loadingOpinion: '正在加载意见表单…',
};

export type Messages = typeof zh;

const en: Messages = {
  portalTitle: 'Hospital portal',
  skip: 'Skip to content',
  loading: 'Loading…',
  mainNav: 'Portal',
  languageGroup: 'Show the portal in',
  navInbox: 'Inbox',
  signOut: 'Sign out',
  signedInAs: (who) => `Signed in as ${who}`,
  signingIn: 'Signing you in…',
  signInFailed: 'Sign-in did not complete. Try again.',
  signInAgain: 'Sign in again',
  notStaff: 'This account cannot use the hospital portal',
  notStaffDetail:
    'You are signed in, but this account belongs to no partner hospital. Sign out and sign in with a hospital staff account.',
  notFoundView: 'There is no such page in the portal.',
  networkError: 'The server could not be reached. Check the connection and try again.',
  errorPrefix: 'The server refused this:',
  retry: 'Try again',
  back: 'Back to the inbox',
  inboxTitle: 'Cases delivered to your hospital',
  inboxIntro: 'Only cases delivered to your hospital are listed. Click a row to open its case.',
  inboxCaption: 'Cases',
  colCase: 'Case',
  colStatus: 'Status',
  colCancer: 'Cancer type',
  colDelivered: 'Delivered',
  colDue: 'Report due',
  colDaysLeft: 'Business days left',
  colFlags: 'Flags',
  flagNew: 'New',
  flagOverdue: 'Overdue',
  flagExpedited: 'Expedited',
  flagProvisional: 'Date may move',
  noCases: 'No cases have been delivered to your hospital yet.',
  daysLeft: (days) =>
    days < 0
      ? `${-days} business day${days === -1 ? '' : 's'} overdue`
      : `${days} business day${days === 1 ? '' : 's'}`,
  caseTitle: (caseId) => `Case ${caseId}`,
  overview: 'Overview',
  deadline: 'Report deadline',
  dueOn: 'Report due',
  receivedOn: 'Records confirmed complete',
  turnaround: (days) => `${days} business days`,
  calendar: (country, zone) => `Counted in the ${country} holiday calendar (${zone})`,
  noDeadline: 'The report deadline starts once you confirm the records are complete.',
  actions: 'Actions',
  confirmReceipt: 'Confirm receipt',
  recordsComplete: 'Records complete',
  somethingMissing: 'Something is missing',
  discArrived: 'The imaging disc the patient shipped has arrived',
  missingLegend: 'What is missing (by checklist item)',
  missingWhat: (item) => `${item}: what is missing`,
  sendReceipt: 'Send receipt',
  receiptConfirmed: (due) => `Records confirmed complete. Report due ${due}.`,
  receiptIncomplete: 'The coordinator has been told what is missing; the case is back with the patient.',
  pickMissing: 'Choose at least one missing item and say what is missing.',
  openImages: 'Open images',
  downloadAll: 'Download all',
  writeOpinion: 'Write opinion',
  specialist: 'Assign the specialist',
  specialistName: 'Specialist’s name',
  department: 'Department',
  assign: 'Assign',
  assigned: (name, department) => `Assigned: ${name} (${department})`,
  extension: 'Ask for an extension',
  extensionDays: 'Extra business days',
  extensionReason: 'Reason',
  extensionReasonHint: 'For example: the case needs a multidisciplinary board. The coordinator sees this.',
  requestExtension: 'Ask for the extension',
  extended: (due) => `Extended. The report is now due ${due}.`,
  summary: 'Case summary',
  summaryPdf: 'Case summary PDF',
  summaryMissing:
    'This package carries no structured summary (it was built before the portal existed); read the summary PDF.',
  question: 'The patient’s question',
  questionOriginal: 'Original',
  questionTranslated: 'Translation',
  patient: 'Patient',
  born: 'Date of birth',
  country: 'Country',
  generated: 'Generated',
  diagnosis: 'Diagnosis',
  histology: 'Histology',
  subtype: 'Subtype',
  grade: 'Grade',
  stage: 'Stage',
  markers: 'Markers',
  marker: 'Marker',
  result: 'Result',
  source: 'Source',
  notStated: 'not stated',
  treatments: 'Treatment timeline',
  treatment: 'Treatment',
  dates: 'Dates',
  response: 'Response',
  tumorMarkers: 'Latest tumor markers',
  value: 'Value',
  date: 'Date',
  imaging: 'Imaging index',
  study: 'Study',
  series: 'Series',
  modality: 'Modality',
  bodyPart: 'Body part',
  instances: 'Images',
  none: 'none',
  untranslatedMark: ' (some words had no term)',
  files: 'Files',
  filesCaption: 'Every file of the package',
  fileName: 'File',
  category: 'Category',
  translation: 'Translation',
  size: 'Size',
  sha256: 'SHA-256',
  download: 'Download',
  downloadFile: (name) => `Download ${name}`,
  translationMethod: {
    'machine-draft': 'machine draft',
    certified: 'certified',
    untranslated: 'untranslated',
  },
  downloading: (done, total) => `Downloading and checking: ${done} of ${total}`,
  downloaded: (files) => `Downloaded ${files} files; every SHA-256 matches the manifest.`,
  checksumFailed: (name) =>
    `The SHA-256 of ${name} does not match the manifest: the download stopped and nothing was saved.`,
  downloadFailed: 'The download failed. Try again.',
  linksExpired: 'The download links expired; getting new ones…',
  imagesTitle: (caseId) => `Images of case ${caseId}`,
  noImages: 'This package holds no DICOM images.',
  packageRemoved:
    'The package was removed from the relay once the report arrived; its files are no longer available.',
  loadingViewer: 'Loading the image viewer…',
  viewerFailed: 'The image viewer could not be loaded.',
  opinionTitle: (caseId) => `Second opinion for case ${caseId}`,
  loadingOpinion: 'Loading the opinion form…',
};

const catalogue: Record<Lang, Messages> = { 'zh-Hans': zh, en };
export const messages = (lang: Lang): Messages => catalogue[lang];

/** The checklist items a receipt can name as missing. */
export const itemNames: Record<Lang, Partial<Record<ItemId, string>>> = {
  'zh-Hans': {
    'pathology-report': '病理报告',
    imaging: '影像资料（DICOM）',
    'treatment-history': '治疗经过',
    'tumor-markers': '肿瘤标志物',
  },
  en: {
    'pathology-report': 'Pathology report',
    imaging: 'Imaging (DICOM)',
    'treatment-history': 'Treatment history',
    'tumor-markers': 'Tumor markers',
  },
};

export const cancerTypeName = (lang: Lang, cancerType: string): string =>
  cancerTypeNames[lang][cancerType as keyof (typeof cancerTypeNames)['en']] ?? cancerType;

export { statusText };

const LANG_KEY = 'portal-language';

/** The choice kept in this tab; else Chinese, whatever the browser says: the portal is Chinese first. */
export function initialLang(): Lang {
  const saved = sessionStorage.getItem(LANG_KEY);
  return saved === 'en' ? 'en' : 'zh-Hans';
}

export function keepLang(lang: Lang): void {
  sessionStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

/** Days and instants as the console shows them (an instant in the hospital's zone when given). */
export { formatDay, formatInstant };

/** Bytes as people read them (1.2 MB), in either language. */
export function formatBytes(lang: Lang, bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
