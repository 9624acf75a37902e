import type { ReportIdentity } from './case/record';
import { normaliseSex, type StatedIdentity } from './identity-match';
import type { PersonName } from './person-name';

/**
 * The patient's name, birth date and sex where a report's text (a text PDF or OCR) states them
 * under a label. OCR text is noisy: labels may lose their colon or gain spaces, values may sit on
 * the next line; a value ends at the line's end or at the next label. PHI: never logged.
 */

type LabelKind =
  | 'name' // the whole name
  | 'family'
  | 'given'
  | 'middle'
  | 'familyFirst' // ФИО: family, given, patronymic in that order
  | 'nameOrFamily' // French "Nom": the family when "Prénom" is also stated, else the whole name
  | 'nameOrGiven' // Spanish "Nombre": the given name when "Apellidos" is also stated, else the whole name
  | 'birthDate'
  | 'sex'
  | 'other'; // ends the value before it (Age, MRN, 年龄…), never read

interface Label {
  readonly kind: LabelKind;
  /** Words or CJK characters; spaces in Latin labels stand for any run of spaces. */
  readonly spellings: readonly string[];
  /**
   * Strong labels are read without a colon ("DOB 12/03/1965", "姓名 王小东"); weak ones are
   * common words ("Name", "Patient", "Sex", "Age") and need a colon (or a tab) to count.
   */
  readonly strong: boolean;
}

const LABELS: readonly Label[] = [
  {
    kind: 'name',
    strong: true,
    spellings: [
      'patient name',
      "patient's name",
      'name of patient',
      'patient full name',
      'pt. name',
      'pt name',
      '患者姓名',
      '病人姓名',
      '姓名',
      'nom du patient',
      'nom et prénom',
      'nom et prenom',
      'nom prénom',
      'nom prenom',
      'nombre del paciente',
      'nombre y apellidos',
      'nombre completo',
      'имя пациента',
    ],
  },
  { kind: 'name', strong: false, spellings: ['patient', 'name', 'full name', 'paciente', 'пациент'] },
  { kind: 'familyFirst', strong: true, spellings: ['ф.и.о.', 'ф. и. о.', 'фио'] },
  {
    kind: 'family',
    strong: true,
    spellings: ['surname', 'last name', 'family name', 'apellidos', 'apellido', 'nom de famille', 'фамилия'],
  },
  {
    kind: 'given',
    strong: true,
    spellings: [
      'first name',
      'given name',
      'given names',
      'forename',
      'forenames',
      'prénom',
      'prénoms',
      'prenom',
      'prenoms',
    ],
  },
  { kind: 'given', strong: false, spellings: ['имя'] },
  { kind: 'middle', strong: true, spellings: ['middle name', 'middle names', 'отчество'] },
  { kind: 'nameOrFamily', strong: false, spellings: ['nom'] },
  { kind: 'nameOrGiven', strong: false, spellings: ['nombre'] },
  {
    kind: 'birthDate',
    strong: true,
    spellings: [
      'date of birth',
      'birth date',
      'birthdate',
      'dob',
      'd.o.b.',
      'd.o.b',
      'd o b',
      'born on',
      'born',
      '出生日期',
      '出生年月日',
      '出生年月',
      '生日',
      'date de naissance',
      // OCR often loses the accent.
      'né le',
      'née le',
      'né(e) le',
      'ne le',
      'nee le',
      'fecha de nacimiento',
      'fecha nacimiento',
      'f. nacimiento',
      'дата рождения',
      'geburtsdatum',
    ],
  },
  { kind: 'sex', strong: true, spellings: ['性别', '性別'] },
  { kind: 'sex', strong: false, spellings: ['sex', 'gender', 'sexe', 'sexo', 'пол', 'geschlecht'] },
  {
    kind: 'other',
    strong: true,
    spellings: [
      '年龄',
      '年齡',
      '住院号',
      '门诊号',
      '病理号',
      '病案号',
      '床号',
      '科室',
      '病区',
      '送检医生',
      '送检医院',
      '送检日期',
      '收到日期',
      '报告日期',
      '临床诊断',
      '标本',
      'mrn',
      'patient id',
      'hospital name',
      "doctor's name",
      'doctor name',
      'physician name',
      'referring physician',
      'name of hospital',
    ],
  },
  {
    kind: 'other',
    strong: false,
    spellings: [
      'age',
      'âge',
      'edad',
      'возраст',
      'id',
      'ward',
      'bed',
      'department',
      'dept',
      'physician',
      'doctor',
      'clinician',
      'surgeon',
      'pathologist',
      'hospital',
      'specimen',
      'accession',
      'case no',
      'lab no',
      'date',
      'collected',
      'received',
      'reported',
      'report date',
      'address',
      'phone',
      'tel',
      'nationality',
      'diagnosis',
    ],
  },
];

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** "d.o.b." → d\s*\.\s*o…; "date of birth" → date\s+of\s+birth; 姓名 → 姓\s*名 (OCR spaces). */
function spellingPattern(spelling: string): string {
  if (CJK.test(spelling)) return [...spelling].map(escapeRegExp).join('\\s*');
  return spelling
    .split(' ')
    .map((word) =>
      word
        .split(/(?<=\.)/u)
        .map(escapeRegExp)
        .join('\\s*'),
    )
    .join('[ \\t]+');
}

interface Hit {
  readonly kind: LabelKind;
  readonly start: number;
  /** Where the value begins (after the label and its colon). */
  readonly valueStart: number;
}

const NAME_KINDS = new Set<LabelKind>(['name', 'family', 'given', 'middle', 'familyFirst']);

/**
 * What must follow a label. A tab (an OCR'd table cell) separates like a colon. A strong Latin
 * label for a name also needs a colon, a tab, a wide gap or the line's end (its value then on the
 * next line), so prose ("the patient name was not recorded") is not read as a name; dates and
 * sexes need no such care, their values must parse.
 */
function separator(label: Label, cjk: boolean): string {
  if (!label.strong) return '(?:[ \\t]*[:;]|\\t)';
  if (cjk || !NAME_KINDS.has(label.kind)) return '[ \\t]*[:;]?';
  return '(?:[ \\t]*[:;]|\\t| {2,}|(?=[ \\t]*$))';
}

function labelHits(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const label of LABELS) {
    for (const spelling of label.spellings) {
      const cjk = CJK.test(spelling);
      // Latin labels are whole words; CJK text has no spaces between words. A bare "Name:" right
      // after a word ("Specimen name:", "Hospital name:") names something else.
      const bareName = label.kind === 'name' && !label.strong;
      const before = cjk ? '' : bareName ? '(?<![\\p{L}\\p{N}][ \\t]?)' : '(?<![\\p{L}\\p{N}])';
      const after = cjk ? '' : spelling.endsWith('.') ? '' : '(?![\\p{L}\\p{N}])';
      const pattern = new RegExp(
        `${before}${spellingPattern(spelling)}${after}${separator(label, cjk)}[ \\t]*`,
        'gimu',
      );
      for (const match of text.matchAll(pattern)) {
        hits.push({ kind: label.kind, start: match.index, valueStart: match.index + match[0].length });
      }
    }
  }
  // At one place the longest label wins ("Patient name" over "Patient"); overlapping ones drop.
  hits.sort((a, b) => a.start - b.start || b.valueStart - a.valueStart);
  const kept: Hit[] = [];
  for (const hit of hits) {
    const previous = kept[kept.length - 1];
    if (previous && hit.start < previous.valueStart) continue;
    kept.push(hit);
  }
  return kept;
}

interface Value {
  readonly kind: LabelKind;
  readonly start: number;
  readonly text: string;
}

function labelValues(text: string): Value[] {
  const hits = labelHits(text);
  return hits.map((hit, index) => {
    const next = hits[index + 1]?.start ?? text.length;
    const lineEnd = text.indexOf('\n', hit.valueStart);
    const end = Math.min(next, lineEnd === -1 ? text.length : lineEnd);
    let value = text.slice(hit.valueStart, end).trim();
    // A label alone on its line (an OCR'd table): its value is the next line, up to a label.
    if (value === '' && lineEnd !== -1 && lineEnd < next) {
      const lineAfter = text.indexOf('\n', lineEnd + 1);
      value = text.slice(lineEnd + 1, Math.min(next, lineAfter === -1 ? text.length : lineAfter)).trim();
    }
    return { kind: hit.kind, start: hit.start, text: value };
  });
}

const NOT_A_NAME = /^(?:n\/?a|none|unknown|anonymous|anonymi[sz]ed|nil|-+|匿名|不详|未知)$/iu;

/**
 * Keeps the words of a name: stops at a tab, at a wide gap after two words or more (an OCR'd
 * column; OCR also widens gaps inside a name, so "Jerome   Dupont" stays whole), at a word with a
 * digit (an age, an id); drops bracketed notes and edge punctuation.
 */
function cleanName(value: string): string | undefined {
  const [head = '', ...gaps] = value.split('\t')[0]!.split(/ {3,}/u);
  const column = head.trim().split(/\s+/u).length >= 2 ? head : [head, ...gaps].join(' ');
  const words = column.replace(/\([^)]*\)|\[[^\]]*\]/gu, ' ').split(/\s+/u);
  const digit = words.findIndex((word) => /\d/u.test(word));
  const name = (digit === -1 ? words : words.slice(0, digit))
    .join(' ')
    .replace(/^[\s,;:.|/\\\-–—]+|[\s,;:|/\\\-–—([]+$/gu, '')
    .trim();
  if (name === '' || name.length > 100 || !/\p{L}/u.test(name) || NOT_A_NAME.test(name)) return undefined;
  return name;
}

const MONTHS: ReadonlyArray<readonly [string, number]> = [
  ['janv', 1],
  ['jan', 1],
  ['ene', 1],
  ['янв', 1],
  ['feb', 2],
  ['fev', 2],
  ['фев', 2],
  ['mar', 3],
  ['мар', 3],
  ['apr', 4],
  ['avr', 4],
  ['abr', 4],
  ['апр', 4],
  ['may', 5],
  ['mai', 5],
  ['мая', 5],
  ['май', 5],
  ['juin', 6],
  ['jun', 6],
  ['июн', 6],
  ['juil', 7],
  ['jul', 7],
  ['июл', 7],
  ['aug', 8],
  ['aou', 8],
  ['ago', 8],
  ['авг', 8],
  ['sep', 9],
  ['сен', 9],
  ['oct', 10],
  ['окт', 10],
  ['nov', 11],
  ['ноя', 11],
  ['dec', 12],
  ['dic', 12],
  ['дек', 12],
];

function monthNumber(word: string): number | undefined {
  const folded = word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\.$/u, '');
  if (folded.length < 3) return undefined;
  // Folding turns й into и; "май" is matched before folding.
  const lower = word.toLowerCase();
  return MONTHS.find(([prefix]) => folded.startsWith(prefix) || lower.startsWith(prefix))?.[1];
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (year < 1850 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function years(text: string): number[] {
  const value = Number(text);
  // A two-digit year could be either century; both are candidates, the birth date decides.
  return text.length === 2 ? [1900 + value, 2000 + value] : [value];
}

function unique(dates: readonly (string | undefined)[]): string[] {
  return [...new Set(dates.filter((date): date is string => date !== undefined))];
}

const MONTH_WORD = String.raw`(\p{L}{3,}\.?)`;

interface Reading {
  /** Where the date begins in the value. */
  readonly at: number;
  readonly dates: readonly string[];
}

function reading(match: RegExpExecArray | null, read: (m: RegExpExecArray) => (string | undefined)[]) {
  if (!match) return undefined;
  const dates = unique(read(match));
  return dates.length > 0 ? { at: match.index, dates } : undefined;
}

const READERS: ReadonlyArray<(text: string) => Reading | undefined> = [
  // 1965年3月12日
  (t) =>
    reading(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})/u.exec(t), (m) => [isoDate(+m[1]!, +m[2]!, +m[3]!)]),
  // 1965-03-12, 1965/3/12, 1965.03.12
  (t) =>
    reading(/(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)/u.exec(t), (m) => [
      isoDate(+m[1]!, +m[2]!, +m[3]!),
    ]),
  // 12/03/1965, 12-03-1965, 12.03.1965, 12/03/65
  (t) =>
    reading(/(?<!\d)(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})(?!\d)/u.exec(t), (m) => {
      const [a, b] = [+m[1]!, +m[3]!];
      // Dots are day-first wherever they are used; slashes and dashes are read both ways.
      const orders =
        m[2] === '.'
          ? [[a, b]]
          : [
              [a, b],
              [b, a],
            ];
      return years(m[4]!).flatMap((year) => orders.map(([day, month]) => isoDate(year, month!, day!)));
    }),
  // 12 March 1965, 12-Mar-1965, 12 de marzo de 1965, 12 марта 1965
  (t) =>
    reading(
      new RegExp(
        String.raw`(?<!\d)(\d{1,2})(?:st|nd|rd|th|er)?[\s\-/.]*(?:de\s+)?${MONTH_WORD}[\s\-/.,]*(?:de\s+)?(\d{4}|\d{2})(?!\d)`,
        'u',
      ).exec(t),
      (m) => {
        const month = monthNumber(m[2]!);
        return month ? years(m[3]!).map((year) => isoDate(year, month, +m[1]!)) : [];
      },
    ),
  // March 12, 1965
  (t) =>
    reading(
      new RegExp(String.raw`${MONTH_WORD}\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})(?!\d)`, 'u').exec(t),
      (m) => {
        const month = monthNumber(m[1]!);
        return month ? [isoDate(+m[3]!, month, +m[2]!)] : [];
      },
    ),
  // 19650312
  (t) => reading(/(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/u.exec(t), (m) => [isoDate(+m[1]!, +m[2]!, +m[3]!)]),
];

/** Every reading (YYYY-MM-DD) of the first date in a value; the earliest date in it wins. */
export function birthDateCandidates(value: string): string[] {
  const text = value.normalize('NFKC');
  const found = READERS.map((read) => read(text))
    .filter((r): r is Reading => r !== undefined)
    .sort((a, b) => a.at - b.at);
  return [...(found[0]?.dates ?? [])];
}

function structuredName(family: string, given: string, middle: string): PersonName {
  const group = { family, given, middle, prefix: '', suffix: '' };
  return CJK.test(family + given + middle) ? { ideographic: group } : { alphabetic: group };
}

function nameFrom(values: readonly Value[]): PersonName | string | undefined {
  const first = (kinds: readonly LabelKind[]) =>
    values.find((value) => kinds.includes(value.kind) && cleanName(value.text) !== undefined);
  const clean = (value: Value | undefined) => (value ? (cleanName(value.text) ?? '') : '');
  const whole = first(['name']);
  const familyFirst = first(['familyFirst']);
  const family = first(['family']) ?? (first(['given']) ? first(['nameOrFamily']) : undefined);
  const given = first(['given']) ?? (family ? first(['nameOrGiven']) : undefined);
  const options: Array<{ at: number; name: PersonName | string }> = [];
  if (whole) options.push({ at: whole.start, name: clean(whole) });
  if (familyFirst) {
    const [familyName = '', givenName = '', ...rest] = clean(familyFirst).split(/\s+/u);
    options.push({
      at: familyFirst.start,
      name: givenName ? structuredName(familyName, givenName, rest.join(' ')) : familyName,
    });
  }
  if (family)
    options.push({
      at: family.start,
      name: structuredName(clean(family), clean(given), clean(first(['middle']))),
    });
  if (options.length === 0) {
    const alone = first(['nameOrFamily', 'nameOrGiven']);
    return alone ? clean(alone) : undefined;
  }
  return options.sort((a, b) => a.at - b.at)[0]!.name;
}

/**
 * What a report states about its patient: the first labelled name, the first labelled birth date
 * (every reading when day and month are ambiguous) and the first labelled sex. Age is not a birth
 * date. Nothing found gives {}.
 */
export function statedIdentityInReport(text: string): StatedIdentity {
  // NFKC: full-width colons, digits and letters (：１９６５) read as their ASCII forms.
  const values = labelValues(text.normalize('NFKC').replace(/\r\n?/gu, '\n'));
  const name = nameFrom(values);
  const birthDates = values
    .filter((value) => value.kind === 'birthDate')
    .map((value) => birthDateCandidates(value.text))
    .find((dates) => dates.length > 0);
  const sex = values
    .filter((value) => value.kind === 'sex')
    .map((value) => normaliseSex(/^[\p{L}]+/u.exec(value.text)?.[0]))
    .find((code) => code !== undefined);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(birthDates ? { birthDates } : {}),
    ...(sex ? { sex } : {}),
  };
}

/**
 * What a document keeps of the identity its text states (compared with the case's patient each
 * time the case is read), or nothing when it states none. A structured name (Nom + Prénom) is
 * kept as a DICOM-style PN value, so its family name stays known.
 */
export function reportIdentityOf(text: string): ReportIdentity | undefined {
  const stated = statedIdentityInReport(text);
  const { name, birthDates, sex } = stated;
  if (name === undefined && !birthDates && !sex) return undefined;
  const group = typeof name === 'object' ? (name.alphabetic ?? name.ideographic) : undefined;
  return {
    ...(typeof name === 'string' ? { name } : {}),
    ...(group ? { personName: [group.family, group.given, group.middle].join('^').replace(/\^+$/, '') } : {}),
    ...(birthDates ? { birthDates } : {}),
    ...(sex ? { sex } : {}),
  };
}
