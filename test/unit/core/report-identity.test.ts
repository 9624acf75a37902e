import { describe, expect, it } from 'vitest';
import { matchIdentity } from '../../../functions/core/identity-match';
import { birthDateCandidates, statedIdentityInReport } from '../../../functions/core/report-identity';

describe('statedIdentityInReport: English report headers', () => {
  it('reads a surgical pathology header with name, DOB, sex and an age that is not a birth date', () => {
    const text = [
      'SURGICAL PATHOLOGY REPORT',
      'St Elsewhere University Hospital — Department of Pathology',
      'Patient Name: DUPONT, Jérôme          MRN: 00123456',
      'DOB: 13/04/1965   Sex: M    Age: 58',
      'Specimen name: Left upper lobe, wedge resection',
      'Referring physician: Dr A. Smith',
    ].join('\n');
    expect(statedIdentityInReport(text)).toEqual({
      name: 'DUPONT, Jérôme',
      birthDates: ['1965-04-13'],
      sex: 'M',
    });
  });

  it('gives both readings of an ambiguous day/month date', () => {
    expect(statedIdentityInReport('Name: Jerome Dupont\nD.O.B.: 03/04/1965').birthDates).toEqual([
      '1965-04-03',
      '1965-03-04',
    ]);
  });

  it('reads separate surname and first-name fields as a structured name', () => {
    const text =
      'Surname: Dupont\nFirst name: Jérôme\nMiddle name: Paul\nDate of birth: 12 March 1965\nGender: Male';
    expect(statedIdentityInReport(text)).toEqual({
      name: { alphabetic: { family: 'Dupont', given: 'Jérôme', middle: 'Paul', prefix: '', suffix: '' } },
      birthDates: ['1965-03-12'],
      sex: 'M',
    });
  });

  it('reads "Patient:" with the birth date in the same sentence', () => {
    expect(statedIdentityInReport('Patient: J. Dupont, born March 12, 1965')).toEqual({
      name: 'J. Dupont',
      birthDates: ['1965-03-12'],
    });
  });

  it('does not take another label’s name (specimen, hospital, doctor) for the patient’s', () => {
    expect(statedIdentityInReport('Hospital name: St Mary\nSpecimen name: lung\nDoctor name: Smith')).toEqual(
      {},
    );
    expect(statedIdentityInReport('Specimen name: lung\nName: Jane Demo-Kamau').name).toBe('Jane Demo-Kamau');
  });

  it('returns the first name and birth date found', () => {
    const text = 'Name: Jane Demo-Kamau\nDOB: 1970-01-02\n\nPage 2\nName: John Smith\nDOB: 1980-05-06';
    expect(statedIdentityInReport(text)).toEqual({ name: 'Jane Demo-Kamau', birthDates: ['1970-01-02'] });
  });

  it('finds nothing in a report that states no identity', () => {
    expect(statedIdentityInReport('')).toEqual({});
    expect(
      statedIdentityInReport(
        'Microscopic description: the patient is a 58-year-old man. Sections show invasive adenocarcinoma.',
      ),
    ).toEqual({});
    expect(statedIdentityInReport('Name: N/A\nDOB: unknown')).toEqual({});
    expect(statedIdentityInReport('Comment: the patient name was not recorded on the requisition.')).toEqual(
      {},
    );
  });
});

describe('statedIdentityInReport: Chinese report headers', () => {
  it('reads 姓名, 性别 and 出生日期 on one line, and does not take 年龄 for a birth date', () => {
    const text = [
      '某某大学附属医院 病理诊断报告单',
      '病理号：P2024-01234',
      '姓名：王小东  性别：男  年龄：58岁  住院号：123456  床号：12',
      '出生日期：1965年3月12日  科室：胸外科',
      '送检医院：某医院  送检日期：2024-05-06',
    ].join('\n');
    expect(statedIdentityInReport(text)).toEqual({ name: '王小东', birthDates: ['1965-03-12'], sex: 'M' });
  });

  it('an age alone gives no birth date', () => {
    expect(statedIdentityInReport('患者姓名：李梅 性别：女 年龄：45岁')).toEqual({ name: '李梅', sex: 'F' });
  });

  it('tolerates OCR noise: full-width colons and digits, spaces inside labels, no separator', () => {
    const text = '姓 名 ：王小东\u3000性 别：男\n出生日期：１９６５－０３－１２';
    expect(statedIdentityInReport(text)).toEqual({ name: '王小东', birthDates: ['1965-03-12'], sex: 'M' });
    expect(statedIdentityInReport('姓名王小东 性别男 出生日期19650312')).toEqual({
      name: '王小东',
      birthDates: ['1965-03-12'],
      sex: 'M',
    });
  });
});

describe('statedIdentityInReport: OCR noise in Latin text', () => {
  it('reads spaced-out labels, a semicolon for a colon and widened gaps', () => {
    const text = 'Patient   Name :  Jerome   Dupont\nD. O. B.  12.03.1965\nGender ; Male';
    expect(statedIdentityInReport(text)).toEqual({
      name: 'Jerome Dupont',
      birthDates: ['1965-03-12'],
      sex: 'M',
    });
  });

  it('takes a value from the next line when the label stands alone (an OCR’d table)', () => {
    const text = 'Patient name\nJérôme Dupont\nDate of birth\n12-Mar-1965\r\nSex\tF';
    expect(statedIdentityInReport(text)).toEqual({
      name: 'Jérôme Dupont',
      birthDates: ['1965-03-12'],
      sex: 'F',
    });
  });

  it('ends a name at a column gap or at a word with digits', () => {
    expect(statedIdentityInReport('Name: Jérôme Dupont      Ward 5B').name).toBe('Jérôme Dupont');
    expect(statedIdentityInReport('Patient: Jérôme Dupont 58Y M').name).toBe('Jérôme Dupont');
    expect(statedIdentityInReport('Name: Jérôme Dupont (DOB: 12/03/1965)').name).toBe('Jérôme Dupont');
  });
});

describe('statedIdentityInReport: French, Spanish and Russian labels', () => {
  it('French: Nom + Prénom, Date de naissance, Sexe H', () => {
    expect(
      statedIdentityInReport('Nom : DUPONT  Prénom : Jérôme  Date de naissance : 13/03/1965  Sexe : H'),
    ).toEqual({
      name: { alphabetic: { family: 'DUPONT', given: 'Jérôme', middle: '', prefix: '', suffix: '' } },
      birthDates: ['1965-03-13'],
      sex: 'M',
    });
    // "Nom" alone is the whole name.
    expect(statedIdentityInReport('Nom : Jérôme Dupont').name).toBe('Jérôme Dupont');
  });

  it('Spanish: Nombre + Apellidos, Fecha de nacimiento', () => {
    expect(
      statedIdentityInReport(
        'Nombre: María José  Apellidos: García López\nFecha de nacimiento: 12 de marzo de 1965',
      ),
    ).toEqual({
      name: {
        alphabetic: { family: 'García López', given: 'María José', middle: '', prefix: '', suffix: '' },
      },
      birthDates: ['1965-03-12'],
    });
  });

  it('Russian: ФИО in family-given-patronymic order, Дата рождения, Пол', () => {
    expect(
      statedIdentityInReport('ФИО: Иванов Сергей Петрович\nДата рождения: 12.03.1965\nПол: муж'),
    ).toEqual({
      name: { alphabetic: { family: 'Иванов', given: 'Сергей', middle: 'Петрович', prefix: '', suffix: '' } },
      birthDates: ['1965-03-12'],
      sex: 'M',
    });
  });
});

describe('birthDateCandidates', () => {
  it.each([
    ['1965-03-12', ['1965-03-12']],
    ['1965/3/12', ['1965-03-12']],
    ['12/03/1965', ['1965-03-12', '1965-12-03']],
    ['13/03/1965', ['1965-03-13']],
    ['03/13/1965', ['1965-03-13']],
    ['12.03.1965', ['1965-03-12']],
    ['12-03-1965', ['1965-03-12', '1965-12-03']],
    ['12 March 1965', ['1965-03-12']],
    ['12th Mar. 1965', ['1965-03-12']],
    ['March 12, 1965', ['1965-03-12']],
    ['12-Mar-1965', ['1965-03-12']],
    ['1 mai 1965', ['1965-05-01']],
    ['12 de marzo de 1965', ['1965-03-12']],
    ['12 марта 1965 г.', ['1965-03-12']],
    ['1965年3月12日', ['1965-03-12']],
    ['19650312', ['1965-03-12']],
    ['13/03/65', ['1965-03-13', '2065-03-13']],
    ['12/03/1965 (58 y)', ['1965-03-12', '1965-12-03']],
  ])('%s', (value, expected) => {
    expect(birthDateCandidates(value)).toEqual(expected);
  });

  it('rejects impossible dates and non-dates', () => {
    expect(birthDateCandidates('31/02/1965')).toEqual([]);
    expect(birthDateCandidates('1965-13-01')).toEqual([]);
    expect(birthDateCandidates('58 years')).toEqual([]);
    expect(birthDateCandidates('unknown')).toEqual([]);
  });
});

describe('a report’s stated identity against the case', () => {
  const expected = { fullName: 'Jérôme Dupont', dateOfBirth: '1965-03-04', sex: 'M' as const };

  it('matches when the ambiguous date has the right reading', () => {
    const stated = statedIdentityInReport('Patient Name: DUPONT, Jérôme\nDOB: 04/03/1965  Sex: Male');
    expect(matchIdentity(expected, stated)).toEqual({ verdict: 'match', partial: false });
  });

  it('is a mismatch on birth date when no reading is right', () => {
    const stated = statedIdentityInReport('Patient Name: DUPONT, Jérôme\nDOB: 05/03/1965');
    expect(matchIdentity(expected, stated)).toEqual({ verdict: 'mismatch', differs: ['birthDate'] });
  });

  it('a Chinese report matches a Chinese case name, and is uncomparable with a Latin one', () => {
    const stated = statedIdentityInReport('姓名：王小東 性别：男 出生日期：1965年3月12日');
    expect(matchIdentity({ fullName: '王小东', dateOfBirth: '1965-03-12', sex: 'M' }, stated)).toEqual({
      verdict: 'match',
      partial: false,
    });
    expect(matchIdentity({ fullName: 'Wang Xiaodong', dateOfBirth: '1965-03-12', sex: 'M' }, stated)).toEqual(
      {
        verdict: 'uncomparable',
      },
    );
  });

  it('a report with no identity is anonymous', () => {
    expect(matchIdentity(expected, statedIdentityInReport('Final diagnosis: adenocarcinoma'))).toEqual({
      verdict: 'anonymous',
    });
  });
});
