import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ExpectedPatient,
  identityDiffers,
  matchIdentity,
  matchName,
  normaliseSex,
} from '../../../functions/core/identity-match';
import { parsePersonName } from '../../../functions/core/person-name';
import { gapText } from '../../../functions/core/server-messages';

const pn = parsePersonName;
const TITLE_WORDS = [
  'mrs',
  'miss',
  'mme',
  'mlle',
  'prof',
  'sir',
  'dame',
  'herr',
  'frau',
  'sra',
  'srta',
  'jnr',
  'snr',
  'iii',
  'phd',
  'esq',
];

describe('matchName: the issue’s own example, Wang^XiaoDong=王^小東=', () => {
  const record = pn('Wang^XiaoDong=王^小東=');

  it('matches the Latin case name through the alphabetic group, however XiaoDong is spaced', () => {
    for (const fullName of [
      'Wang Xiaodong',
      'Xiaodong Wang',
      'WANG Xiao-Dong',
      'wang xiao dong',
      'Wangxiaodong',
    ]) {
      expect(matchName(fullName, record), fullName).toBe('match');
    }
  });

  it('matches 王小东 through the ideographic group: 東 is the traditional form of 东', () => {
    expect(matchName('王小东', record)).toBe('match');
    expect(matchName('王小東', record)).toBe('match');
    expect(matchName('王 小东', record)).toBe('match');
  });

  it('maps traditional to simplified on both sides, so either side may be traditional', () => {
    expect(matchName('陳大文', pn('陈^大文'))).toBe('match');
    expect(matchName('陈大文', pn('Chan^Tai Man=陳^大文'))).toBe('match');
  });

  it('a different character is a mismatch, not a variant (小明 is not 小東)', () => {
    expect(matchName('王小明', record)).toBe('mismatch');
    expect(matchName('李小东', record)).toBe('mismatch');
  });

  it('a Latin case name against an ideographic-only record cannot be compared, and is not a mismatch', () => {
    expect(matchName('Wang Xiaodong', pn('=王^小東='))).toBe('uncomparable');
    // A single group is stored as "alphabetic" by the PN grammar; its script decides, not its slot.
    expect(matchName('Wang Xiaodong', pn('王^小東'))).toBe('uncomparable');
  });

  it('a case name carrying both scripts is compared with each group in its own script', () => {
    expect(matchName('Wang Xiaodong 王小东', pn('=王^小東='))).toBe('match');
    expect(matchName('Wang Xiaodong (王小东)', pn('Wang^XiaoDong'))).toBe('match');
    expect(matchName('Wang Xiaodong 王小东', pn('=李^小東='))).toBe('mismatch');
    expect(matchName('Wang Xiaodong', 'WANG XIAODONG 王小東')).toBe('match');
    expect(matchName('王小东', 'WANG XIAODONG 王小東')).toBe('match');
  });
});

describe('matchName: forgiving where people are', () => {
  it('ignores case and diacritics (Jérôme = Jerome) and folds ß, ø, ł, æ, đ', () => {
    expect(matchName('Jérôme Dupont', pn('DUPONT^JEROME'))).toBe('match');
    expect(matchName('Jerome Dupont', pn('Dupont^Jérôme'))).toBe('match');
    expect(matchName('Jürgen Groß', pn('GROSS^JURGEN'))).toBe('match');
    expect(matchName('Søren Kierkegaard', pn('Kierkegaard^Soren'))).toBe('match');
    expect(matchName('Łukasz Wałęsa', pn('Walesa^Lukasz'))).toBe('match');
    expect(matchName('Ægir Ødegård', pn('Odegard^Aegir'))).toBe('match');
    expect(matchName('Đorđe Đukić', pn('Djukic^Dorde'))).toBe('mismatch'); // dj ≠ d: spelling, not a diacritic
    expect(matchName('Đorđe Đukić', pn('Dukic^Dorde'))).toBe('match');
  });

  it('ignores full-width versus half-width forms', () => {
    expect(matchName('Ｗａｎｇ Ｘｉａｏｄｏｎｇ', pn('Wang^Xiaodong'))).toBe('match');
    expect(matchName('ﾔﾏﾀﾞ ﾀﾛｳ', pn('Yamada^Taro=山田^太郎=ヤマダ^タロウ'))).toBe('match');
  });

  it('takes the family name from the DICOM name, whichever order the case name is written in', () => {
    expect(matchName('Dupont Jérôme', pn('Dupont^Jérôme'))).toBe('match');
    expect(matchName('Jérôme Dupont', pn('Dupont^Jérôme'))).toBe('match');
    expect(matchName('Nguyễn Văn An', pn('Nguyen^Van An'))).toBe('match');
    expect(matchName('Nguyễn Văn An', pn('Nguyen^An^Van'))).toBe('match');
    expect(matchName('An Van Nguyen', pn('Nguyen^Van An'))).toBe('match');
    expect(matchName('Nguyễn Văn An', pn('Nguyen^An'))).toBe('match'); // Văn, a middle name, dropped
  });

  it('reads a report’s free-text name in either order', () => {
    expect(matchName('Jérôme Dupont', 'Dupont Jérôme')).toBe('match');
    expect(matchName('Jérôme Dupont', 'DUPONT, Jerome')).toBe('match');
    expect(matchName('Dupont Jérôme', 'Jerome DUPONT')).toBe('match');
  });

  it('treats spaces and hyphens alike (Demo-Kamau = Demo Kamau, Xiao-Dong = XiaoDong)', () => {
    expect(matchName('Jane Demo-Kamau', pn('Demo Kamau^Jane'))).toBe('match');
    expect(matchName('Jane Demo Kamau', pn('Demo-Kamau^Jane'))).toBe('match');
    expect(matchName('Jane DemoKamau', pn('Demo-Kamau^Jane'))).toBe('match');
    expect(matchName('Jean-Pierre Dupont', pn('Dupont^Jean Pierre'))).toBe('match');
  });

  it('accepts an initial for a given name, on either side', () => {
    expect(matchName('Jérôme Dupont', 'J. Dupont')).toBe('match');
    expect(matchName('Jérôme Dupont', pn('Dupont^J'))).toBe('match');
    expect(matchName('J. Dupont', pn('Dupont^Jérôme'))).toBe('match');
    expect(matchName('Jean-Pierre Dupont', pn('Dupont^J.P.'))).toBe('match');
    expect(matchName('Jérôme Dupont', pn('Dupont^M'))).toBe('mismatch');
  });

  it('forgives middle names stated on one side only, not two different ones', () => {
    expect(matchName('Jérôme Paul Dupont', pn('Dupont^Jérôme'))).toBe('match');
    expect(matchName('Jérôme Dupont', pn('Dupont^Jérôme^Paul'))).toBe('match');
    expect(matchName('Jérôme Paul Dupont', pn('Dupont^Jérôme^P'))).toBe('match');
    expect(matchName('Jean Dupont', pn('Dupont^Jean-Pierre'))).toBe('match');
    expect(matchName('Jérôme Paul Dupont', pn('Dupont^Jérôme^Pierre'))).toBe('mismatch');
  });

  it('ignores prefixes and suffixes (Dr, Mr, Jr)', () => {
    expect(matchName('Jérôme Dupont', pn('Dupont^Jérôme^^Dr^Jr'))).toBe('match');
    expect(matchName('Jérôme Dupont', 'Dr. Jérôme Dupont Jr.')).toBe('match');
    expect(matchName('Mr Jérôme Dupont', pn('Dupont^Jérôme'))).toBe('match');
  });

  it('handles two family names (Maria José García López)', () => {
    const fullName = 'Maria José García López';
    expect(matchName(fullName, pn('García López^María José'))).toBe('match');
    expect(matchName(fullName, pn('GARCIA LOPEZ^MARIA JOSE'))).toBe('match');
    expect(matchName(fullName, pn('García^María^José'))).toBe('match'); // first surname only
    expect(matchName(fullName, 'García López, María José')).toBe('match');
    expect(matchName(fullName, pn('Martínez López^María José'))).toBe('mismatch');
  });

  it('treats the Arabic article however it is joined (al-Sayed = Al Sayed = Alsayed), never drops it', () => {
    for (const written of ['Alsayed^Omar', 'Al Sayed^Omar', 'al-Sayed^Omar', 'AL-SAYED^OMAR']) {
      expect(matchName('Omar al-Sayed', pn(written)), written).toBe('match');
      expect(matchName('Omar Alsayed', pn(written)), written).toBe('match');
    }
    expect(matchName('Omar Al Sayed', 'Omar al-Sayed')).toBe('match');
    expect(matchName('Omar al-Sayed', pn('Sayed^Omar'))).toBe('mismatch');
    expect(matchName('Maria de la Cruz', pn('De La Cruz^Maria'))).toBe('match');
    expect(matchName('Maria de la Cruz', pn('Delacruz^Maria'))).toBe('match');
  });

  it('reads a PN with the whole name in the family component as free text', () => {
    expect(matchName('Wang Xiaodong', pn('WANG XIAODONG'))).toBe('match');
    expect(matchName('Wang Xiaodong', pn('XIAODONG WANG'))).toBe('match');
    expect(matchName('王小东', pn('王小东'))).toBe('match');
  });

  it('compares a phonetic group written in the case name’s script', () => {
    expect(matchName('김민수', pn('Kim^Minsu=金^民秀=김^민수'))).toBe('match');
    // Hangul against Hanja only: different scripts, not compared.
    expect(matchName('김민수', pn('=金^民秀='))).toBe('uncomparable');
  });
});

describe('matchName: strict where it matters', () => {
  it('a different family name is a mismatch, even with the same given name', () => {
    expect(matchName('Jérôme Dupont', pn('Martin^Jérôme'))).toBe('mismatch');
    expect(matchName('Jérôme Dupont', 'Jérôme Martin')).toBe('mismatch');
    // An initial never stands for a family the record names as such. (In a report's free text
    // either word may be the family, so "Jérôme D." there is read like "J. Dupont".)
    expect(matchName('Jérôme Dupont', pn('D^Jérôme'))).toBe('mismatch');
  });

  it('a different given name is a mismatch', () => {
    expect(matchName('Jérôme Dupont', pn('Dupont^Marie'))).toBe('mismatch');
  });

  it('does not normalise transliteration variants (Ivanov ≠ Ivanoff ≠ Iwanow)', () => {
    expect(matchName('Sergei Ivanov', pn('Ivanoff^Sergei'))).toBe('mismatch');
    expect(matchName('Sergei Ivanov', pn('Iwanow^Sergei'))).toBe('mismatch');
    expect(matchName('Sergei Ivanov', pn('Ivanov^Sergey'))).toBe('mismatch');
  });

  it('does not transliterate between scripts', () => {
    expect(matchName('Sergei Ivanov', pn('Иванов^Сергей'))).toBe('uncomparable');
    expect(matchName('Иванов Сергей', pn('Иванов^Сергей'))).toBe('match');
  });

  it('a report’s given names alone do not match (the family could be any name)', () => {
    expect(matchName('Jérôme Paul Dupont', 'Jérôme Paul')).toBe('mismatch');
    expect(matchName('Jérôme Dupont', 'Jérôme')).toBe('mismatch');
  });

  it('an empty or missing name is absent', () => {
    expect(matchName('Jérôme Dupont', undefined)).toBe('absent');
    expect(matchName('Jérôme Dupont', '  ')).toBe('absent');
    expect(matchName('Jérôme Dupont', pn(''))).toBe('absent');
    expect(matchName('Jérôme Dupont', pn('^^^'))).toBe('absent');
  });
});

describe('matchName: property', () => {
  const letters = 'abcdefghijklmnoprstuvyzéèêëàâäîïôöùûüçñøßłåã';
  const word = fc
    .array(fc.constantFrom(...letters), { minLength: 3, maxLength: 9 })
    .map((chars) => chars.join(''))
    // Titles (Mrs, Sir, Jnr…) are dropped by design, so they are not names here.
    .filter((w) => !TITLE_WORDS.includes(w));
  const strip = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '');
  const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

  it('a name always matches itself after reordering, case and diacritic changes', () => {
    fc.assert(
      fc.property(
        word,
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('upper', 'lower', 'capitalised'),
        fc.boolean(),
        fc.constantFrom('free-family-first', 'free-family-last', 'pn'),
        (family, given, casing, stripped, form) => {
          const fullName = [...given, family].map(capitalise).join(' ');
          const change = (text: string) => {
            const cased =
              casing === 'upper'
                ? text.toUpperCase()
                : casing === 'lower'
                  ? text.toLowerCase()
                  : capitalise(text);
            return stripped ? strip(cased) : cased;
          };
          const stated =
            form === 'pn'
              ? pn(`${change(family)}^${given.map(change).join(' ')}`)
              : form === 'free-family-first'
                ? [family, ...given].map(change).join(' ')
                : [...given, family].map(change).join(' ');
          expect(matchName(fullName, stated)).toBe('match');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('matchIdentity', () => {
  const expected: ExpectedPatient = { fullName: 'Jérôme Dupont', dateOfBirth: '1965-03-12', sex: 'M' };
  const name = pn('DUPONT^JEROME');

  it('is a full match when name, birth date and sex agree', () => {
    expect(matchIdentity(expected, { name, birthDates: ['1965-03-12'], sex: 'M' })).toEqual({
      verdict: 'match',
      partial: false,
    });
  });

  it('is a partial match when the record states no birth date or no sex', () => {
    expect(matchIdentity(expected, { name, sex: 'M' })).toEqual({ verdict: 'match', partial: true });
    expect(matchIdentity(expected, { name, birthDates: ['1965-03-12'] })).toEqual({
      verdict: 'match',
      partial: true,
    });
    expect(matchIdentity(expected, { name, birthDates: [], sex: '' })).toEqual({
      verdict: 'match',
      partial: true,
    });
  });

  it('a different birth date is a mismatch; any candidate reading may match', () => {
    expect(matchIdentity(expected, { name, birthDates: ['1965-03-13'], sex: 'M' })).toEqual({
      verdict: 'mismatch',
      differs: ['birthDate'],
    });
    // 12/03/1965 read both ways by the report reader
    expect(matchIdentity(expected, { name, birthDates: ['1965-12-03', '1965-03-12'] }).verdict).toBe('match');
    // DICOM DA form
    expect(matchIdentity(expected, { name, birthDates: ['19650312'], sex: 'M' }).verdict).toBe('match');
  });

  it('a different sex is a mismatch only when both sides state F or M', () => {
    expect(matchIdentity(expected, { name, birthDates: ['1965-03-12'], sex: 'F' })).toEqual({
      verdict: 'mismatch',
      differs: ['sex'],
    });
    expect(matchIdentity(expected, { name, birthDates: ['1965-03-12'], sex: 'female' })).toEqual({
      verdict: 'mismatch',
      differs: ['sex'],
    });
    expect(matchIdentity(expected, { name, birthDates: ['1965-03-12'], sex: 'O' }).verdict).toBe('match');
    expect(matchIdentity(expected, { name, birthDates: ['1965-03-12'], sex: '男' }).verdict).toBe('match');
    const noSex: ExpectedPatient = { fullName: 'Jérôme Dupont', dateOfBirth: '1965-03-12' };
    expect(matchIdentity(noSex, { name, birthDates: ['1965-03-12'], sex: 'F' }).verdict).toBe('match');
  });

  it('lists every field that differs, in a fixed order', () => {
    expect(
      matchIdentity(expected, { name: pn('Martin^Paul'), birthDates: ['1970-01-01'], sex: 'F' }),
    ).toEqual({
      verdict: 'mismatch',
      differs: ['name', 'birthDate', 'sex'],
    });
    expect(matchIdentity(expected, { name: 'Paul Martin', birthDates: ['1970-01-01'] })).toEqual({
      verdict: 'mismatch',
      differs: ['name', 'birthDate'],
    });
  });

  it('a record with no name is anonymous, unless what it does state differs', () => {
    expect(matchIdentity(expected, {})).toEqual({ verdict: 'anonymous' });
    expect(matchIdentity(expected, { name: '' })).toEqual({ verdict: 'anonymous' });
    expect(matchIdentity(expected, { name: pn(''), birthDates: ['1965-03-12'], sex: 'M' })).toEqual({
      verdict: 'anonymous',
    });
    expect(matchIdentity(expected, { name: pn(''), birthDates: ['1971-05-05'] })).toEqual({
      verdict: 'mismatch',
      differs: ['birthDate'],
    });
  });

  it('a name in another script is uncomparable when nothing else differs', () => {
    const chinese: ExpectedPatient = { fullName: 'Wang Xiaodong', dateOfBirth: '1965-03-12', sex: 'M' };
    expect(matchIdentity(chinese, { name: pn('=王^小東='), birthDates: ['1965-03-12'], sex: 'M' })).toEqual({
      verdict: 'uncomparable',
    });
    expect(matchIdentity(chinese, { name: pn('=王^小東='), birthDates: ['1966-03-12'] })).toEqual({
      verdict: 'mismatch',
      differs: ['birthDate'],
    });
  });

  it('the issue’s example matches both a Latin and a Chinese case name', () => {
    const record = { name: pn('Wang^XiaoDong=王^小東='), birthDates: ['1965-03-12'], sex: 'M' };
    for (const fullName of ['Wang Xiaodong', '王小东']) {
      expect(matchIdentity({ fullName, dateOfBirth: '1965-03-12', sex: 'M' }, record)).toEqual({
        verdict: 'match',
        partial: false,
      });
    }
  });
});

describe('normaliseSex', () => {
  it('reads DICOM codes and report words in several languages', () => {
    for (const word of [
      'M',
      'm',
      'Male',
      'MALE.',
      'masculin',
      'Masculino',
      'H',
      'homme',
      'мужской',
      'муж',
      '男',
      '男性',
    ]) {
      expect(normaliseSex(word), word).toBe('M');
    }
    for (const word of [
      'F',
      'Female',
      'féminin',
      'Femenino',
      'mujer',
      'W',
      'weiblich',
      'женский',
      'Ж',
      '女',
      '女性',
    ]) {
      expect(normaliseSex(word), word).toBe('F');
    }
    expect(normaliseSex('O')).toBe('O');
    expect(normaliseSex('other')).toBe('O');
  });

  it('anything else is unstated', () => {
    for (const word of [undefined, '', ' ', 'U', 'unknown', 'N/A', '58'])
      expect(normaliseSex(word)).toBeUndefined();
  });
});

describe('the identity-mismatch gap', () => {
  const say = (record: string, differs: Parameters<typeof identityDiffers>[0]) =>
    gapText('identity-mismatch', { record, differs: identityDiffers(differs) });

  it('says what differs, in plain English', () => {
    expect(say('The CT study', ['name', 'birthDate'])).toMatch(
      /^The CT study is labelled with another name and birth date\. /,
    );
    expect(say('The CT study', ['sex'])).toMatch(/^The CT study is labelled with another sex\. /);
    expect(say('The pathology report', ['sex', 'name', 'birthDate'])).toMatch(
      /^The pathology report is labelled with another name, birth date and sex\. /,
    );
    expect(say('The CT study', [])).toMatch(/^The CT study is labelled with another patient’s details\. /);
  });

  it('never quotes the record’s details, whatever they were', () => {
    const verdict = matchIdentity(
      { fullName: 'Jérôme Dupont', dateOfBirth: '1965-03-12', sex: 'M' },
      { name: pn('Martin^Paul'), birthDates: ['1970-01-01'], sex: 'F' },
    );
    if (verdict.verdict !== 'mismatch') throw new Error('expected a mismatch');
    expect(identityDiffers(verdict.differs)).toBe('name_birthDate_sex');
    const message = say('The MR series', verdict.differs);
    for (const phi of ['Martin', 'Paul', 'Dupont', 'Jérôme', '1970', '1965'])
      expect(message).not.toContain(phi);
    expect(message).toMatch(/^The MR series is labelled with another name, birth date and sex\. /);
  });
});
