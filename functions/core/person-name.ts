/**
 * A DICOM Person Name (PN) value, split the way PS3.5 §6.2.1 defines it: up to three component
 * groups separated by `=` (alphabetic, ideographic, phonetic), each of up to five components
 * separated by `^` (family, given, middle, prefix, suffix). PHI: never logged.
 */
export interface PersonNameGroup {
  readonly family: string;
  readonly given: string;
  readonly middle: string;
  readonly prefix: string;
  readonly suffix: string;
}

export interface PersonName {
  readonly alphabetic?: PersonNameGroup;
  readonly ideographic?: PersonNameGroup;
  readonly phonetic?: PersonNameGroup;
}

function group(text: string | undefined): PersonNameGroup | undefined {
  const value = text?.trim() ?? '';
  if (value.replace(/\^/g, '').trim() === '') return undefined;
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = value
    .split('^')
    .map((part) => part.trim());
  return { family, given, middle, prefix, suffix };
}

/** Splits a decoded PN value (`Wang^XiaoDong=王^小東=`); empty groups are absent. */
export function parsePersonName(value: string): PersonName {
  // A multi-valued PN (`\`) names one person in practice: the first value is the name.
  const [alphabetic, ideographic, phonetic] = (value.split('\\')[0] ?? '').split('=');
  const groups = {
    alphabetic: group(alphabetic),
    ideographic: group(ideographic),
    phonetic: group(phonetic),
  };
  return Object.fromEntries(Object.entries(groups).filter(([, g]) => g)) as PersonName;
}
