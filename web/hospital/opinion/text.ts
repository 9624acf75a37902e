import type { specialistNotedLimits, TreatmentPath, travelReasons } from '../../../functions/core/opinion';
import type { CaseStatus, Outcome } from '../../../functions/core/vocabulary';
import { modalityNames, zhStatusNames } from '../../console/vocabulary-text';

/**
 * Every string of the opinion view, Simplified Chinese first, English on the portal's switch.
 * The preview of what the patient receives is not here: it is shown in the patient page's own
 * words (web/patient/i18n.ts), because that is what the patient reads.
 */
export type Lang = 'zh-Hans' | 'en';
type TravelReason = keyof typeof travelReasons;
type NotedLimit = keyof typeof specialistNotedLimits;

const en = {
  loading: 'Loading the case…',
  notFound: 'This case is not among your hospital’s cases.',
  loadFailed: 'The case could not be loaded.',
  retry: 'Try again',
  notYet:
    'The opinion can be written once you have confirmed that the records are complete and the case is under review.',
  cancelled: 'This case was cancelled; no opinion can be sent.',
  awaitingSummary:
    'The opinion has arrived. The coordinator is writing the plain-words summary for the patient; once the patient has the report, their follow-up questions appear here.',
  statusLine: (status: string) => `Case status: ${status}`,
  statusName: (status: CaseStatus): string => status,

  // The opinion form
  formIntro: 'Fields marked “required” must be filled in. The form is checked before anything is sent.',
  required: 'required',
  reportSection: 'The written report',
  reportPdf: 'Report PDF',
  reportPdfHint: 'A PDF file of up to 100 MB. It is uploaded as soon as you choose it.',
  reportLanguage: 'Report language',
  reportLanguages: { zh: 'Chinese', en: 'English' } as Record<'en' | 'zh', string>,
  progressLabel: 'Upload progress',
  uploading: (percent: number) => `Uploading: ${percent}%`,
  uploaded: (name: string, size: string) => `Uploaded: ${name} (${size}), 100%`,
  uploadFailed: (reason: string) => `The upload failed: ${reason} Choose the file again.`,
  uploadStarted: (name: string) => `Uploading ${name}.`,
  notPdf: 'Choose a PDF file.',
  tooLarge: 'The file is larger than 100 MB.',
  storageRefused: 'storage refused the file.',
  networkFailed: 'the connection failed.',

  opinionSection: 'The structured opinion',
  choose: 'Choose…',
  outcome: 'Outcome',
  outcomes: {
    'travel-recommended': 'Travel recommended',
    'current-plan-optimal': 'Current plan optimal',
    'more-information-needed': 'More information needed',
  } as Record<Outcome, string>,
  travelReasons: 'Reasons to travel',
  travelReasonsHint: 'Choose at least one, and explain each where it helps.',
  travelReasonNames: {
    'novel-drug': 'A drug not yet available in the patient’s country',
    'clinical-trial': 'A clinical trial',
    'rare-cancer-volume': 'Experience with many cases of this rare cancer',
    'proton-therapy': 'Proton therapy',
    'advanced-surgery': 'An advanced surgical procedure',
    other: 'Another reason',
  } as Record<TravelReason, string>,
  reasonDetail: (reason: string) => `Explanation: ${reason}`,
  trialId: 'Trial registry id',
  trialIdHint: 'ClinicalTrials.gov (NCT01234567) or Chinese Clinical Trial Registry (ChiCTR2400081234).',
  informationNeeded: 'Information needed',
  informationNeededHint: 'What you need before giving an opinion: at least one item.',
  informationItem: (n: number) => `Information needed ${n}`,
  addInformation: 'Add information needed',
  removeInformation: (n: number) => `Remove information needed ${n}`,
  staging: 'Staging',
  stagingAgrees: 'Staging agrees',
  stagingAgreesHint: 'Compared with the stage recorded in the case summary.',
  yes: 'Yes',
  no: 'No',
  specialistStaging: 'Specialist’s staging',
  specialistStagingHint: 'For example pT2N1M0 or stage IIIA.',
  stagingNote: 'Note on staging (optional)',
  recommendedPath: 'Recommended path',
  pathNames: {
    'continue-current-plan': 'Continue the current plan',
    surgery: modalityNames.en.surgery,
    radiotherapy: modalityNames.en.radiotherapy,
    'proton-therapy': modalityNames.en['proton-therapy'],
    'systemic-therapy': 'Systemic therapy (chemotherapy, targeted therapy or immunotherapy)',
    'clinical-trial': 'Clinical trial',
    'active-surveillance': 'Active surveillance',
    'palliative-care': 'Palliative care',
    other: 'Another approach',
  } as Record<TreatmentPath, string>,
  options: 'Options recommended',
  optionsHint: 'Up to 10, optional.',
  optionItem: (n: number) => `Option ${n}`,
  addOption: 'Add an option',
  removeOption: (n: number) => `Remove option ${n}`,
  limits: 'What this remote review could not settle (optional)',
  limitNames: {
    resectability: 'Surgical resectability needs an in-person surgical assessment.',
    'physical-examination': 'A physical examination is needed to confirm the findings.',
    'tissue-reread': 'A re-read of the tissue (slides or blocks) is needed to confirm the diagnosis.',
  } as Record<NotedLimit, string>,
  specialistSection: 'The specialist',
  specialistName: 'Specialist name',
  department: 'Department',

  previewHeading: 'What the patient will receive',
  previewIntro:
    'The patient reads the report page in English. The coordinator writes the plain-words summary from the fields of this opinion; below is the draft it starts from, updated as you type.',
  previewTranslation:
    'The report is in Chinese: the patient also receives a translation, or a note that it follows.',
  previewPdf: (name: string) => `Link to the report PDF: ${name}`,
  previewNoPdf: 'Link to the report PDF (not uploaded yet)',
  previewIncomplete: 'Choose an outcome and a recommended path to see the draft summary.',

  send: 'Send opinion',
  sendHint: 'Sending is final: the patient’s coordinator is told at once.',
  waitForUpload: 'Wait until the report PDF has finished uploading.',
  sending: 'Sending the opinion…',
  sent: (status: string) => `The opinion was sent. The case is now: ${status}.`,
  refused: (message: string) => `The server refused the opinion: ${message}`,

  // Errors
  summaryHeading: 'Check these fields before sending',
  summaryLink: (label: string, message: string) => `${label}: ${message}`,
  fillIn: 'Fill this in.',
  chooseOne: 'Choose one.',
  uploadFirst: 'Upload the report PDF first.',
  uploadAddendumFirst: 'Upload the addendum PDF first.',
  tooLong: (max: number) => `At most ${max} characters.`,
  tooShort: (min: number) => `At least ${min} characters.`,
  atLeast: (min: number) => `Give at least ${min}.`,
  atMost: (max: number) => `At most ${max}.`,
  /** The schema's own messages, as the server writes them (English). */
  schemaMessages: {} as Record<string, string>,

  // After the report
  questionsHeading: 'The patient’s follow-up questions',
  noQuestions: 'The patient has not asked any questions.',
  question: (n: number) => `Question ${n}`,
  askedAt: (date: string) => `Asked ${date}`,
  answered: 'Answered',
  open: 'Awaiting your answer',
  refreshQuestions: 'Check for new questions',
  addendumHeading: 'Answer with an addendum',
  addendumIntro: 'Answer one or more open questions. The addendum PDF goes to the patient with your answers.',
  answerTo: (n: number) => `Answer to question ${n}`,
  addendumPdf: 'Addendum PDF',
  answers: 'Answers',
  answerAtLeastOne: 'Answer at least one question.',
  sendAddendum: 'Send addendum',
  addendumSent: 'The addendum was sent; the patient is told.',
  sendingAddendum: 'Sending the addendum…',
  addendumRefused: (message: string) => `The server refused the addendum: ${message}`,
  allAnswered: 'Every question has been answered.',
};

export type Text = typeof en;

const zh: Text = {
  loading: '正在加载病例…',
  notFound: '本院的病例中没有此病例。',
  loadFailed: '病例无法加载。',
  retry: '重试',
  notYet: '确认资料齐全、病例进入审阅后，才能撰写意见。',
  cancelled: '此病例已取消，不能再发送意见。',
  awaitingSummary: '意见已送达。协调员正在为患者撰写通俗说明；患者收到报告后提出的追问会显示在这里。',
  statusLine: (status) => `病例状态：${status}`,
  statusName: (status) => zhStatusNames[status],

  formIntro: '标有“必填”的项目必须填写。发送前会先检查表单。',
  required: '必填',
  reportSection: '书面报告',
  reportPdf: '报告PDF',
  reportPdfHint: 'PDF 文件，最大 100 MB。选择文件后立即上传。',
  reportLanguage: '报告语言',
  reportLanguages: { zh: '中文', en: '英文' },
  progressLabel: '上传进度',
  uploading: (percent) => `正在上传：${percent}%`,
  uploaded: (name, size) => `已上传：${name}（${size}），100%`,
  uploadFailed: (reason) => `上传失败：${reason}请重新选择文件。`,
  uploadStarted: (name) => `正在上传 ${name}。`,
  notPdf: '请选择 PDF 文件。',
  tooLarge: '文件超过 100 MB。',
  storageRefused: '存储服务拒绝了该文件。',
  networkFailed: '网络连接中断。',

  opinionSection: '结构化意见',
  choose: '请选择…',
  outcome: '结论',
  outcomes: {
    'travel-recommended': '建议前往就医',
    'current-plan-optimal': '现行方案最佳',
    'more-information-needed': '需要更多资料',
  },
  travelReasons: '建议前往就医的理由',
  travelReasonsHint: '至少选择一项，必要时逐项说明。',
  travelReasonNames: {
    'novel-drug': '患者所在国家尚未上市的药物',
    'clinical-trial': '参加临床试验',
    'rare-cancer-volume': '本院对该罕见肿瘤诊治经验丰富',
    'proton-therapy': modalityNames['zh-Hans']['proton-therapy'],
    'advanced-surgery': '高难度外科手术',
    other: '其他理由',
  },
  reasonDetail: (reason) => `说明：${reason}`,
  trialId: '临床试验注册号',
  trialIdHint: 'ClinicalTrials.gov 注册号（NCT01234567）或中国临床试验注册中心注册号（ChiCTR2400081234）。',
  informationNeeded: '还需要的资料',
  informationNeededHint: '出具意见前还需要哪些资料：至少一项。',
  informationItem: (n) => `所需资料 ${n}`,
  addInformation: '添加所需资料',
  removeInformation: (n) => `删除所需资料 ${n}`,
  staging: '分期',
  stagingAgrees: '分期是否一致',
  stagingAgreesHint: '与病例摘要中记录的分期相比。',
  yes: '一致',
  no: '不一致',
  specialistStaging: '专科医生判断的分期',
  specialistStagingHint: '例如 pT2N1M0 或 IIIA期。',
  stagingNote: '分期说明（可选）',
  recommendedPath: '推荐治疗路径',
  pathNames: {
    'continue-current-plan': '维持现行方案',
    surgery: modalityNames['zh-Hans'].surgery,
    radiotherapy: modalityNames['zh-Hans'].radiotherapy,
    'proton-therapy': modalityNames['zh-Hans']['proton-therapy'],
    'systemic-therapy': '全身治疗（化疗、靶向治疗或免疫治疗）',
    'clinical-trial': modalityNames['zh-Hans']['clinical-trials'],
    'active-surveillance': '主动监测',
    'palliative-care': '姑息治疗',
    other: '其他方案',
  },
  options: '推荐的方案',
  optionsHint: '可选，最多 10 项。',
  optionItem: (n) => `方案 ${n}`,
  addOption: '添加方案',
  removeOption: (n) => `删除方案 ${n}`,
  limits: '远程会诊无法确定的事项（可选）',
  limitNames: {
    resectability: '能否手术切除，需由外科医生当面评估。',
    'physical-examination': '需要体格检查以确认所见。',
    'tissue-reread': '需要复核病理组织（切片或蜡块）以确认诊断。',
  },
  specialistSection: '出具意见的专科医生',
  specialistName: '专科医生姓名',
  department: '科室',

  previewHeading: '患者将收到的内容',
  previewIntro:
    '患者目前以英文阅读报告页面。协调员会根据本意见的结构化内容撰写通俗说明；下面是它的初稿，随填写内容实时更新。',
  previewTranslation: '报告为中文：患者还会收到译文，或收到译文稍后送达的说明。',
  previewPdf: (name) => `报告PDF链接：${name}`,
  previewNoPdf: '报告PDF链接（尚未上传）',
  previewIncomplete: '选择结论和推荐治疗路径后，即可看到通俗说明初稿。',

  send: '发送意见',
  sendHint: '发送后不能撤回，患者的协调员会立即收到通知。',
  waitForUpload: '请等待报告PDF上传完成。',
  sending: '正在发送意见…',
  sent: (status) => `意见已发送。病例状态：${status}。`,
  refused: (message) => `服务器拒绝了此意见：${message}`,

  summaryHeading: '发送前请修改以下内容',
  summaryLink: (label, message) => `${label}：${message}`,
  fillIn: '请填写此项。',
  chooseOne: '请选择一项。',
  uploadFirst: '请先上传报告PDF。',
  uploadAddendumFirst: '请先上传补充报告PDF。',
  tooLong: (max) => `最多 ${max} 个字符。`,
  tooShort: (min) => `至少 ${min} 个字符。`,
  atLeast: (min) => `至少需要 ${min} 项。`,
  atMost: (max) => `最多 ${max} 项。`,
  schemaMessages: {
    'Use a registry id such as NCT01234567 or ChiCTR2400081234.':
      '请填写正确的注册号，例如 NCT01234567 或 ChiCTR2400081234。',
    'Give the trial’s registry id.': '请填写该临床试验的注册号。',
    'Explain the reason.': '请说明理由。',
    'Give the staging the specialist arrives at.': '请填写专科医生判断的分期。',
    'File names may not contain path separators, control characters or direction overrides.':
      '文件名不能包含路径分隔符、控制字符或文字方向控制符。',
    'File name is empty.': '文件名为空。',
  },

  questionsHeading: '患者的追问',
  noQuestions: '患者尚未提出问题。',
  question: (n) => `问题 ${n}`,
  askedAt: (date) => `提问时间：${date}`,
  answered: '已答复',
  open: '待答复',
  refreshQuestions: '查看是否有新问题',
  addendumHeading: '以补充报告答复',
  addendumIntro: '可答复一个或多个待答复的问题。补充报告PDF将与答复一并发给患者。',
  answerTo: (n) => `对问题 ${n} 的答复`,
  addendumPdf: '补充报告PDF',
  answers: '答复',
  answerAtLeastOne: '请至少答复一个问题。',
  sendAddendum: '发送补充报告',
  addendumSent: '补充报告已发送，患者会收到通知。',
  sendingAddendum: '正在发送补充报告…',
  addendumRefused: (message) => `服务器拒绝了此补充报告：${message}`,
  allAnswered: '所有问题均已答复。',
};

/**
 * The patient page's own words for its report section (web/patient/i18n.ts, English), copied
 * rather than imported: that table would bring the whole patient page's text into this chunk.
 * test/unit/web/opinion-form.test.ts keeps the two equal.
 */
export const patientPageWords = {
  reportHeading: 'Your report',
  reportDownload: 'Download the specialist’s report',
  summaryHeading: 'In plain words',
  specialist: ({ name, department }: { name: string; department: string }) =>
    `Specialist: ${name}, ${department}`,
  limitsNoted: 'What the specialist noted a remote review could not settle',
};

const tables: Record<Lang, Text> = { en, 'zh-Hans': zh };

/** The strings of one language. */
export const opinionText = (lang: Lang): Text => tables[lang];

/** A size in bytes, as people read it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export { formatInstant } from '../../console/formats';
