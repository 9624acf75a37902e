import { markersFor } from './checklist';
import { type GapCode, gapText, type MessageParams } from './server-messages';
import type { CancerType } from './vocabulary';

/**
 * Reads a pathology report's text for what a specialist looks for first: histology and
 * subtype, grade, stage, and the result of each marker the cancer type needs. Deliberately
 * conservative: a value is reported only when the text states it near its name; everything
 * else is left missing for the coordinator to confirm, never guessed.
 */
export interface Marker {
  readonly name: string;
  readonly result: string;
}

export interface Diagnosis {
  readonly histology?: string;
  readonly subtype?: string;
  readonly grade?: string;
  readonly stage?: string;
  readonly markers: readonly Marker[];
  readonly source:
    | { readonly kind: 'extracted'; readonly documentId: string }
    /** Read by OCR from a scan or photo; `confidence` is the OCR's mean word confidence, 0–1. */
    | { readonly kind: 'ocr'; readonly documentId: string; readonly confidence: number }
    | { readonly kind: 'coordinator'; readonly by: string; readonly at: string };
}

/** Longest first, so "invasive ductal carcinoma" wins over "carcinoma". */
const HISTOLOGIES = [
  'invasive ductal carcinoma',
  'invasive lobular carcinoma',
  'invasive carcinoma of no special type',
  'ductal carcinoma in situ',
  'pancreatic ductal adenocarcinoma',
  'signet ring cell carcinoma',
  'mucinous adenocarcinoma',
  'keratinizing squamous cell carcinoma',
  'non-keratinizing squamous cell carcinoma',
  'non-keratinizing carcinoma',
  'squamous cell carcinoma',
  'small cell lung carcinoma',
  'small cell carcinoma',
  'large cell carcinoma',
  'non-small cell lung carcinoma',
  'hepatocellular carcinoma',
  'intrahepatic cholangiocarcinoma',
  'cholangiocarcinoma',
  'neuroendocrine carcinoma',
  'neuroendocrine tumor',
  'gastrointestinal stromal tumor',
  'adenosquamous carcinoma',
  'adenocarcinoma',
  'nasopharyngeal carcinoma',
  'carcinoma',
].sort((a, b) => b.length - a.length);

const SUBTYPES = [
  /\b(triple[- ]negative)\b/i,
  /\b(luminal [AB])\b/i,
  /\b(HER2[- ]enriched)\b/i,
  /\b((?:acinar|lepidic|papillary|micropapillary|solid)[- ]predominant)\b/i,
  /\b(intestinal type|diffuse type)\b/i,
  /\b(well|moderately|poorly)[- ]differentiated\b/i,
];

/** A marker name in the text, and what a result for it looks like. */
const MARKER_PATTERNS: Record<string, { name: RegExp; result: RegExp }> = {
  ER: {
    name: /\b(?:ER|estrogen receptor|oestrogen receptor)\b/i,
    result: /\b(positive|negative)\b(?:[,\s]*\(?\s*(\d{1,3})\s*%\s*\)?)?|(\d{1,3})\s*%/i,
  },
  PR: {
    name: /\b(?:PR|PgR|progesterone receptor)\b/i,
    result: /\b(positive|negative)\b(?:[,\s]*\(?\s*(\d{1,3})\s*%\s*\)?)?|(\d{1,3})\s*%/i,
  },
  HER2: {
    name: /\bHER-?2(?:\/neu)?\b/i,
    result:
      /(\b(?:not amplified|non-amplified|amplified|equivocal|positive|negative|low)\b|(?:IHC\s*)?[0-3]\+|\bIHC\s*0\b|\bscore\s*[0-3]\+?)/i,
  },
  'Ki-67': { name: /\bKi-?67\b/i, result: /(\d{1,3}\s*%)/ },
  EGFR: {
    name: /\bEGFR\b/i,
    result:
      /\b(exon 19 deletion|exon 21 L858R|L858R|T790M|exon 20 insertion|no mutation detected|mutation not detected|not detected|wild[- ]type|mutation detected|mutated|mutant|negative|positive)\b/i,
  },
  ALK: {
    name: /\bALK\b/i,
    result: /\b(rearrangement detected|rearranged|fusion detected|not detected|positive|negative)\b/i,
  },
  ROS1: {
    name: /\bROS-?1\b/i,
    result: /\b(rearrangement detected|rearranged|fusion detected|not detected|positive|negative)\b/i,
  },
  MET: {
    name: /\bc?-?MET\b/i,
    result:
      /\b(exon 14 skipping|amplification detected|amplified|not amplified|not detected|positive|negative)\b/i,
  },
  'PD-L1': {
    name: /\bPD-?L1\b/i,
    result:
      /((?:TPS|CPS|TC|IC)\s*[:=]?\s*[<>≥≤]?\s*\d{1,3}\s*%?|[<>≥≤]?\s*\d{1,3}\s*%|\bnegative\b|\bpositive\b)/i,
  },
  KRAS: {
    name: /\bKRAS\b/i,
    result:
      /\b(G12[CDVRAS]|G13[DC]|Q61[HLKR]|wild[- ]type|not detected|no mutation detected|mutation detected|mutated|mutant)\b/i,
  },
  NRAS: {
    name: /\bNRAS\b/i,
    result:
      /\b(G12[CDVRAS]|G13[DC]|Q61[HLKR]|wild[- ]type|not detected|no mutation detected|mutation detected|mutated|mutant)\b/i,
  },
  BRAF: {
    name: /\bBRAF\b/i,
    result:
      /\b(V600E|V600K|wild[- ]type|not detected|no mutation detected|mutation detected|mutated|mutant)\b/i,
  },
  'MSI/MMR': {
    name: /\b(?:MSI|MMR|microsatellite|mismatch repair)\b/i,
    result:
      /\b(MSI-H|MSI-high|MSI-L|MSS|microsatellite stable|microsatellite instability[- ]high|dMMR|pMMR|MMR[- ]deficient|MMR[- ]proficient|mismatch repair deficient|mismatch repair proficient|deficient|proficient|intact|loss)\b/i,
  },
  'BRCA1/2': {
    name: /\bBRCA ?[12]?(?:\/2)?\b/i,
    result:
      /\b(pathogenic variant detected|no pathogenic variant|not detected|mutation detected|mutated|wild[- ]type)\b/i,
  },
  AFP: {
    name: /\bAFP\b|\balpha-?fetoprotein\b/i,
    result: /(\d+(?:\.\d+)?\s*(?:ng\/mL|IU\/mL|µg\/L|ug\/L))/i,
  },
  'EBV (EBER)': { name: /\bEBER\b|\bEBV\b/i, result: /\b(positive|negative|detected|not detected)\b/i },
};

const normalise = (text: string) => text.replace(/\s+/g, ' ');

function findHistology(text: string): string | undefined {
  const lower = text.toLowerCase();
  let best: { index: number; name: string } | undefined;
  for (const name of HISTOLOGIES) {
    const index = lower.indexOf(name);
    // The longest name wins; among names of equal length, the first mention.
    if (index >= 0 && (!best || name.length > best.name.length)) best = { index, name };
  }
  return best?.name;
}

function findGrade(text: string): string | undefined {
  const nottingham =
    /\b(?:Nottingham|histologic(?:al)?|tumou?r)?\s*grade\s*[:-]?\s*(1|2|3|4|I{1,3}|IV)\b(?:\s*\(of 3\))?/i.exec(
      text,
    );
  if (nottingham) return `Grade ${toArabic(nottingham[1]!)}`;
  const short = /\bG([1-4])\b/.exec(text);
  if (short) return `Grade ${short[1]}`;
  const differentiation = /\b(well|moderately|poorly|un)[- ]?differentiated\b/i.exec(text);
  return differentiation
    ? `${differentiation[1]!.toLowerCase()}${differentiation[1]!.toLowerCase() === 'un' ? '' : ' '}differentiated`
    : undefined;
}

function toArabic(value: string): string {
  return { I: '1', II: '2', III: '3', IV: '4' }[value.toUpperCase()] ?? value;
}

function findStage(text: string): string | undefined {
  // OCR reads a zero after N or M as the letter O ("pT2 N1 MO"): taken as the zero it is.
  const tnm =
    /\b((?:y|r)?(?:p|c)?T(?:[0-4][a-d]?|is|x)\s*(?:\(\w+\))?\s*N(?:[0-3][a-c]?|O(?![A-Za-z])|x)(?:\s*\(\w+\))?\s*(?:M[01][a-c]?|MO(?![A-Za-z])|Mx)?)/.exec(
      text,
    );
  const group = /\bstage\s*(0|I{1,3}V?|IV)([ABC][0-3]?)?\b/i.exec(text);
  const parts = [
    tnm?.[1]?.replace(/\s+/g, '').replace(/([NM])O/g, '$10'),
    group ? `Stage ${group[1]!.toUpperCase()}${group[2]?.toUpperCase() ?? ''}` : undefined,
  ];
  const found = parts.filter((part): part is string => Boolean(part));
  return found.length > 0 ? found.join(', ') : undefined;
}

function findMarker(text: string, name: string): string | undefined {
  const pattern = MARKER_PATTERNS[name];
  if (!pattern) return undefined;
  const names = new RegExp(pattern.name.source, `${pattern.name.flags.replace('g', '')}g`);
  for (const mention of text.matchAll(names)) {
    // The result must follow the name closely, within the same sentence or table row.
    const window = text.slice(
      (mention.index ?? 0) + mention[0].length,
      (mention.index ?? 0) + mention[0].length + 60,
    );
    const sentence = window.split(/[.;\n]/)[0] ?? '';
    const result = pattern.result.exec(sentence);
    if (result) return result[0].replace(/\s+/g, ' ').trim();
  }
  return undefined;
}

/**
 * What the report states; `source` tells where it came from: its text layer, or OCR of a scan
 * (`ocrConfidence`, 0–1, given).
 */
export function extractDiagnosis(
  rawText: string,
  cancerType: CancerType,
  documentId: string,
  ocrConfidence?: number,
): Diagnosis {
  const text = normalise(rawText);
  const histology = findHistology(text);
  const subtype = SUBTYPES.map((pattern) => pattern.exec(text)?.[0]).find(Boolean);
  const grade = findGrade(text);
  const stage = findStage(text);
  const markers: Marker[] = [];
  for (const name of markersFor(cancerType)) {
    const result = findMarker(text, name);
    if (result) markers.push({ name, result });
  }
  return {
    ...(histology ? { histology } : {}),
    ...(subtype ? { subtype: subtype.toLowerCase() } : {}),
    ...(grade ? { grade } : {}),
    ...(stage ? { stage } : {}),
    markers,
    source:
      ocrConfidence === undefined
        ? { kind: 'extracted', documentId }
        : { kind: 'ocr', documentId, confidence: ocrConfidence },
  };
}

/** The facts a specialist needs that the diagnosis does not state: a gap code each, and its English. */
export function missingFromDiagnosis(
  diagnosis: Diagnosis,
  cancerType: CancerType,
): { key: string; code: GapCode; params?: MessageParams; message: string }[] {
  const missing: { key: string; code: GapCode; params?: MessageParams; message: string }[] = [];
  const add = (key: string, code: GapCode, params?: MessageParams) =>
    missing.push({ key, code, ...(params ? { params } : {}), message: gapText(code, params) });
  if (!diagnosis.histology) add('histology', 'diagnosis-histology');
  if (!diagnosis.grade) add('grade', 'diagnosis-grade');
  if (!diagnosis.stage) add('stage', 'diagnosis-stage');
  const found = new Set(diagnosis.markers.map((marker) => marker.name));
  for (const name of markersFor(cancerType)) {
    // Ki-67 and PD-L1 help but are not always tested; the rest are needed for treatment choices.
    if (!found.has(name) && name !== 'Ki-67') add(`marker:${name}`, 'diagnosis-marker', { marker: name });
  }
  return missing;
}
