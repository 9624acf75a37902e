import type { PersonName, PersonNameGroup } from './person-name';

/**
 * Whether a record (a DICOM header, a report's text) names the case's patient. Forgiving where
 * people are (order, case, diacritics, spacing, hyphens, initials, middle names, titles, script
 * width), strict where it matters (family name, birth date, sex). Everything here is PHI: no
 * function logs, and messages never quote a name or a date.
 */

export interface ExpectedPatient {
  readonly fullName: string;
  readonly dateOfBirth: string /* YYYY-MM-DD */;
  readonly sex?: 'F' | 'M' | 'O';
}

export interface StatedIdentity {
  /** From DICOM: a parsed PN; from a report's text: the name as written (free text, any order). */
  readonly name?: PersonName | string;
  /** YYYY-MM-DD candidates: a report's 03/04/1965 is ambiguous (day/month), so both readings. DICOM gives one. */
  readonly birthDates?: readonly string[];
  /** DICOM 'M' | 'F' | 'O', or a report's word (male, female, 男, 女…). */
  readonly sex?: string;
}

export type NameVerdict = 'match' | 'mismatch' | 'absent' | 'uncomparable';

export type IdentityField = 'name' | 'birthDate' | 'sex';

export type IdentityVerdict =
  | { readonly verdict: 'match' /** the record states no birth date or no sex */; readonly partial: boolean }
  | { readonly verdict: 'mismatch'; readonly differs: readonly IdentityField[] }
  | { readonly verdict: 'anonymous' }
  | { readonly verdict: 'uncomparable' };

// ---------------------------------------------------------------------------------------------
// Scripts. Names are compared only within one script: we never transliterate (Иванов is not
// compared with Ivanov, 王 not with Wang), so a record written only in another script is
// 'uncomparable', not a mismatch.

const SCRIPTS = [
  'Latin',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Cyrillic',
  'Greek',
  'Arabic',
  'Hebrew',
  'Thai',
  'Devanagari',
  'Armenian',
  'Georgian',
] as const;
const SCRIPT_PATTERNS = SCRIPTS.map(
  (script) => [script, new RegExp(`^\\p{Script=${script}}$`, 'u')] as const,
);
const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
const LETTER = /^\p{L}$/u;
const CJK_SCRIPTS = new Set<string>(['Han', 'Hiragana', 'Katakana', 'Hangul']);

function scriptsOf(text: string): Set<string> {
  const scripts = new Set<string>();
  for (const char of text.normalize('NFKC')) {
    if (!LETTER.test(char) || NEUTRAL.test(char)) continue;
    scripts.add(SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'Other');
  }
  return scripts;
}

function sameScripts(a: Set<string>, b: Set<string>): boolean {
  return a.size > 0 && a.size === b.size && [...a].every((script) => b.has(script));
}

function isCjk(scripts: Set<string>): boolean {
  return [...scripts].some((script) => CJK_SCRIPTS.has(script));
}

// ---------------------------------------------------------------------------------------------
// Alphabetic names: folded to lower-case ASCII-like tokens.

/** Letters that NFKD does not decompose but that people write without (Straße = Strasse). */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŀ: 'l',
  ŋ: 'ng',
  ſ: 's',
  ə: 'e',
};
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(FOLDABLE, (char) => LETTER_FOLDS[char] ?? char);
}

/** Titles and generational suffixes say nothing about who the person is. */
const TITLES = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'mme',
  'mlle',
  'prof',
  'professor',
  'sir',
  'dame',
  'herr',
  'frau',
  'sra',
  'srta',
  'jr',
  'jnr',
  'sr',
  'snr',
  'junior',
  'senior',
  'ii',
  'iii',
  'iv',
  'md',
  'phd',
  'esq',
]);

/**
 * Apostrophes join (O'Brien = OBrien); every other non-letter separates (Xiao-Dong = Xiao Dong,
 * al-Sayed = al Sayed). Joined spellings (Alsayed, XiaoDong) are matched by comparing runs of
 * tokens without their separators, never by dropping a particle: Sayed is not al-Sayed.
 */
function tokens(text: string): string[] {
  return fold(text)
    .replace(/['’ʼ`´ʻ]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '' && !TITLES.has(token));
}

/**
 * The Arabic article belongs to the family name (al-Sayed = Al Sayed = Alsayed); left over, it
 * is never a forgivable middle name, so "Sayed" does not match "al-Sayed". Other particles (van,
 * de) are not special-cased: "Văn" in "Nguyễn Văn An" is a middle name a record may drop.
 */
const ARTICLES = new Set(['al', 'el', 'ul']);

/** An initial agrees with any name it begins (J = Jérôme); otherwise the spelling must be the same. */
function tokenAgrees(a: string, b: string): boolean {
  return a === b || (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));
}

function runAgrees(run: readonly string[], names: readonly string[]): boolean {
  return (
    run.join('') === names.join('') ||
    (run.length === names.length && run.every((token, index) => tokenAgrees(token, names[index]!)))
  );
}

interface Alphabetic {
  readonly family: readonly string[];
  readonly given: readonly string[];
  readonly middle: readonly string[];
}

/**
 * `anchored`: the record's family name must be at one end of the case's name, and every name of
 * the case not accounted for must sit between the two ends. Used when neither side says which
 * part is the family (a report's free text): otherwise "Jérôme Paul" would match "Jérôme Paul
 * Dupont" by taking Dupont for a middle name.
 */
function alphabeticAgrees(caseTokens: readonly string[], record: Alphabetic, anchored: boolean): boolean {
  const family = record.family.join('');
  const last = caseTokens.length - 1;
  const accepted = (unaccounted: readonly number[]) =>
    unaccounted.every(
      (index) => !ARTICLES.has(caseTokens[index]!) && (!anchored || (index !== 0 && index !== last)),
    );
  for (let start = 0; start < caseTokens.length; start++) {
    for (let end = start + 1; end <= caseTokens.length; end++) {
      if (caseTokens.slice(start, end).join('') !== family) continue;
      if (anchored && start !== 0 && end !== caseTokens.length) continue;
      const rest = caseTokens.map((_, index) => index).filter((index) => index < start || index >= end);
      if (givenAgrees(caseTokens, rest, record.given, record.middle, accepted)) return true;
    }
  }
  // A name written as one word ("Wangxiaodong"), in either order.
  const whole = caseTokens.join('');
  const given = [...record.given, ...record.middle].join('');
  return given !== '' && (whole === family + given || whole === given + family);
}

function givenAgrees(
  caseTokens: readonly string[],
  rest: readonly number[],
  given: readonly string[],
  middle: readonly string[],
  accepted: (unaccounted: readonly number[]) => boolean,
): boolean {
  // One side names the family only: nothing left to compare, the birth date decides the rest.
  if (rest.length === 0) return true;
  if (given.length === 0 && middle.length === 0) return accepted(rest);
  const first = given.length > 0 ? given : middle;
  const extra = given.length > 0 ? middle : [];
  const settle = (used: readonly number[], recordExtra: readonly string[]) => {
    const leftover = rest.filter((index) => !used.includes(index));
    return extrasAgree(
      leftover.map((index) => caseTokens[index]!),
      recordExtra,
    )
      ? accepted(
          leftover.filter((index) => !recordExtra.some((name) => tokenAgrees(caseTokens[index]!, name))),
        )
      : false;
  };
  // The whole given name (Xiao Dong = XiaoDong, J P = Jean Pierre) …
  for (let start = 0; start < rest.length; start++) {
    for (let end = start + 1; end <= rest.length; end++) {
      const used = rest.slice(start, end);
      if (
        runAgrees(
          used.map((index) => caseTokens[index]!),
          first,
        ) &&
        settle(used, extra)
      )
        return true;
    }
  }
  // … or its first part (Jean = Jean-Pierre), the other parts then count as middle names.
  return rest.some(
    (index) => tokenAgrees(caseTokens[index]!, first[0]!) && settle([index], [...first.slice(1), ...extra]),
  );
}

/**
 * Middle names stated on one side only are forgiven; when both sides state some, at least one
 * must agree ("Jean Paul Dupont" is not "Dupont^Jean^Pierre").
 */
function extrasAgree(caseExtra: readonly string[], recordExtra: readonly string[]): boolean {
  if (caseExtra.length === 0 || recordExtra.length === 0) return true;
  return (
    caseExtra.join('') === recordExtra.join('') ||
    caseExtra.some((a) => recordExtra.some((b) => tokenAgrees(a, b)))
  );
}

/** A free-text name (a report's) does not say which part is the family: try each end. */
function freeAlphabeticAgrees(caseTokens: readonly string[], stated: readonly string[]): boolean {
  const whole = stated.join('');
  const rotations = [
    caseTokens.join(''),
    [...caseTokens.slice(-1), ...caseTokens.slice(0, -1)].join(''),
    [...caseTokens.slice(1), ...caseTokens.slice(0, 1)].join(''),
  ];
  if (rotations.includes(whole)) return true;
  if (stated.length === 1)
    return alphabeticAgrees(caseTokens, { family: stated, given: [], middle: [] }, true);
  for (let split = 1; split < stated.length; split++) {
    const head = stated.slice(0, split);
    const tail = stated.slice(split);
    if (alphabeticAgrees(caseTokens, { family: head, given: tail, middle: [] }, true)) return true;
    if (alphabeticAgrees(caseTokens, { family: tail, given: head, middle: [] }, true)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// CJK names: compared as one string without spaces, after NFKC (full-width = half-width) and a
// traditional → simplified table, so 王小東 = 王小东.

/**
 * Traditional → simplified for characters common in Chinese names (surnames and given-name
 * characters), one traditional character to one simplified each. Deliberately partial: a
 * character outside it is compared as written, so a name that differs only by a missing pair is
 * a (blocking, waivable) mismatch, never a false match. Characters whose simplification merges
 * two different name characters (鍾/鐘, 范/範, 于/於, 后/後, 余/餘) are left out. Two Japanese
 * variant forms that people write interchangeably (髙/高, 﨑/崎) are included.
 */
const TRADITIONAL_TO_SIMPLIFIED = new Map<string, string>(
  (
    '東东陳陈張张劉刘黃黄趙赵吳吴孫孙馬马楊杨鄭郑謝谢韓韩馮冯鄧邓許许蕭萧葉叶羅罗盧卢蔣蒋錢钱蘇苏陸陆' +
    '龍龙華华國国偉伟強强軍军傑杰麗丽紅红鳳凤濤涛輝辉靜静鵬鹏飛飞曉晓陽阳紀纪寶宝貴贵長长萬万興兴義义' +
    '嬌娇賢贤歡欢樂乐蘭兰鳴鸣達达進进聰聪學学廣广亞亚愛爱夢梦雲云綠绿銀银錦锦鐵铁劍剑順顺財财鄒邹譚谭' +
    '賴赖顧顾龔龚嚴严閻阎湯汤賈贾莊庄區区歐欧關关潔洁穎颖瑩莹慶庆權权勝胜榮荣燦灿煒炜瑋玮暉晖騰腾駿骏' +
    '鴻鸿維维緯纬詩诗語语書书藝艺鋒锋銘铭鈞钧鎮镇韋韦衛卫楓枫橋桥樹树標标蓮莲藍蓝巖岩嶽岳濱滨澤泽瀾澜' +
    '漢汉潤润滿满濟济溫温顏颜項项頌颂顯显齊齐齡龄龐庞閔闵聶聂倫伦傳传億亿儀仪優优兒儿剛刚勁劲勳勋參参' +
    '雙双單单園园圓圆堅坚壽寿寧宁實实專专師师帥帅彥彦從从憶忆懷怀數数時时晉晋曄晔會会棟栋業业樺桦橫横' +
    '機机歲岁氣气淵渊滄沧漁渔潛潜濃浓灣湾烏乌無无煥焕熱热燁烨爾尔獅狮現现瑤瑶環环瓊琼產产畢毕當当禮礼' +
    '禎祯祿禄種种穩稳競竞簡简純纯紹绍結结絲丝經经綺绮總总緣缘練练繼继續续聖圣聲声聯联舉举艷艳萊莱蓋盖' +
    '蔭荫薔蔷蘊蕴處处眾众裝装親亲覺觉觀观記记誠诚誼谊談谈證证讀读護护豐丰貞贞賓宾賜赐贊赞躍跃軒轩輕轻' +
    '農农遠远運运遙遥選选邁迈還还鄉乡醫医釗钊鈴铃鋼钢錄录鏡镜門门開开閒闲間间隊队階阶隨随雞鸡難难電电' +
    '靈灵韻韵頤颐頻频頭头風风飄飘館馆騏骐驍骁體体魚鱼鮑鲍鳥鸟鶴鹤鷹鹰麥麦齋斋龜龟髙高﨑崎'
  )
    .match(/../gsu)!
    .map((pair) => [...pair] as [string, string]),
);

function compactCjk(text: string): string {
  return [...text.normalize('NFKC').toLowerCase()]
    .map((char) => TRADITIONAL_TO_SIMPLIFIED.get(char) ?? char)
    .join('')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

// ---------------------------------------------------------------------------------------------

interface Candidate {
  readonly scripts: Set<string>;
  /** Whether `text` is free text (family unknown) or a PN group. */
  readonly group?: PersonNameGroup;
  readonly text: string;
}

function groupText(group: PersonNameGroup): string {
  return [group.family, group.given, group.middle].join(' ');
}

function candidates(name: PersonName | string | undefined): Candidate[] {
  if (name === undefined) return [];
  if (typeof name === 'string') {
    // A report may write the name in two scripts ("Wang Xiaodong 王小东"): each part is a candidate.
    return name.trim() === ''
      ? []
      : scriptParts(name)
          .map((text) => ({ scripts: scriptsOf(text), text }))
          .filter((candidate) => candidate.scripts.size > 0);
  }
  return [name.alphabetic, name.ideographic, name.phonetic]
    .filter((group): group is PersonNameGroup => group !== undefined)
    .map((group) => ({ scripts: scriptsOf(groupText(group)), group, text: groupText(group) }))
    .filter((candidate) => candidate.scripts.size > 0);
}

/** A name, and its Latin and non-Latin parts when it carries both ("Wang Xiaodong 王小东"). */
function scriptParts(fullName: string): string[] {
  const chars = [...fullName.normalize('NFKC')];
  const isLatin = (char: string) => LETTER.test(char) && /\p{Script=Latin}/u.test(char);
  const isOtherLetter = (char: string) => LETTER.test(char) && !NEUTRAL.test(char) && !isLatin(char);
  if (!chars.some(isLatin) || !chars.some(isOtherLetter)) return [fullName];
  return [
    fullName,
    chars.map((char) => (isOtherLetter(char) ? ' ' : char)).join(''),
    chars.map((char) => (isLatin(char) ? ' ' : char)).join(''),
  ];
}

function agrees(caseName: string, candidate: Candidate): boolean {
  if (isCjk(candidate.scripts)) {
    const whole = compactCjk(caseName);
    if (whole === '') return false;
    if (!candidate.group) {
      const parts = candidate.text.trim().split(/\s+/u);
      return (
        whole === compactCjk(candidate.text) || whole === compactCjk([...parts.slice(1), parts[0]].join(''))
      );
    }
    const family = compactCjk(candidate.group.family);
    const given = compactCjk(candidate.group.given + candidate.group.middle);
    if (given === '') return family !== '' && (whole.startsWith(family) || whole.endsWith(family));
    return whole === family + given || whole === given + family;
  }
  const caseTokens = tokens(caseName);
  if (caseTokens.length === 0) return false;
  const group = candidate.group;
  // A PN with everything in the family component and a space inside ("WANG XIAODONG") does not
  // say which word is the family: treat it as free text.
  if (!group || (tokens(`${group.given} ${group.middle}`).length === 0 && /\s/u.test(group.family.trim()))) {
    const stated = tokens(candidate.text);
    return stated.length > 0 && freeAlphabeticAgrees(caseTokens, stated);
  }
  const family = tokens(group.family);
  if (family.length === 0) return freeAlphabeticAgrees(caseTokens, tokens(candidate.text));
  return alphabeticAgrees(
    caseTokens,
    { family, given: tokens(group.given), middle: tokens(group.middle) },
    false,
  );
}

/**
 * Compares the case's name with a record's. A group in another script than every part of the
 * case's name is not compared; any compared group that agrees is a match (the alphabetic or the
 * ideographic group). Transliteration variants (Ivanov / Ivanoff / Iwanow) are NOT normalised:
 * a different family spelling is a mismatch, because a matcher that forgiving would let another
 * patient's scan through; the coordinator waives a true variant with a reason.
 */
export function matchName(fullName: string, name: PersonName | string | undefined): NameVerdict {
  const stated = candidates(name);
  if (stated.length === 0) return 'absent';
  let compared = false;
  for (const variant of scriptParts(fullName)) {
    const scripts = scriptsOf(variant);
    for (const candidate of stated) {
      if (!sameScripts(scripts, candidate.scripts)) continue;
      compared = true;
      if (agrees(variant, candidate)) return 'match';
    }
  }
  return compared ? 'mismatch' : 'uncomparable';
}

const SEX_WORDS: ReadonlyArray<readonly ['F' | 'M' | 'O', readonly string[]]> = [
  [
    'M',
    [
      'm',
      'male',
      'man',
      'masculine',
      'masculin',
      'masculino',
      'h',
      'homme',
      'hombre',
      'varon',
      'mann',
      'mannlich',
      'м',
      'муж',
      'мужской',
      'мужчина',
      '男',
      '男性',
    ],
  ],
  [
    'F',
    [
      'f',
      'female',
      'woman',
      'feminine',
      'feminin',
      'femenino',
      'femme',
      'mujer',
      'w',
      'weiblich',
      'frau',
      'ж',
      'жен',
      'женский',
      'женщина',
      '女',
      '女性',
    ],
  ],
  ['O', ['o', 'other', 'autre', 'otro', 'x', 'intersex', 'другой', '其他']],
];

/** 'M' | 'F' | 'O' for a DICOM code or a word in a report; anything else (unknown, blank) is unstated. */
export function normaliseSex(value: string | undefined): 'F' | 'M' | 'O' | undefined {
  // Folding turns й into и, so Cyrillic words are compared folded on both sides.
  const word = fold(value ?? '')
    .trim()
    .replace(/[.:]+$/u, '');
  if (word === '') return undefined;
  return SEX_WORDS.find(([, words]) => words.some((candidate) => fold(candidate) === word))?.[0];
}

function normaliseDate(value: string): string {
  const text = value.trim();
  return /^\d{8}$/u.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : text;
}

export function matchIdentity(expected: ExpectedPatient, stated: StatedIdentity): IdentityVerdict {
  const name = matchName(expected.fullName, stated.name);
  const dates = (stated.birthDates ?? []).map(normaliseDate).filter((date) => date !== '');
  const sex = normaliseSex(stated.sex);
  const differs: IdentityField[] = [];
  if (name === 'mismatch') differs.push('name');
  if (dates.length > 0 && !dates.includes(expected.dateOfBirth)) differs.push('birthDate');
  const binary = (value: string | undefined) => value === 'F' || value === 'M';
  if (binary(sex) && binary(expected.sex) && sex !== expected.sex) differs.push('sex');
  if (differs.length > 0) return { verdict: 'mismatch', differs };
  if (name === 'absent') return { verdict: 'anonymous' };
  if (name === 'uncomparable') return { verdict: 'uncomparable' };
  return { verdict: 'match', partial: dates.length === 0 || sex === undefined };
}

/**
 * What differs, as the `differs` argument of the identity-mismatch gap ("name_birthDate"): the
 * fields in a fixed order, so each combination is one phrase a translator words once. Never a
 * name or a date.
 */
export function identityDiffers(differs: readonly IdentityField[]): string {
  return (
    (['name', 'birthDate', 'sex'] as const).filter((field) => differs.includes(field)).join('_') || 'none'
  );
}
