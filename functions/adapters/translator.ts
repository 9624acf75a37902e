import { setTimeout as sleep } from 'node:timers/promises';
import { TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import { chunkForTranslate, missingNumbers } from '../core/text-chunks';
import { setting } from './settings';

export interface FreeTextTranslation {
  readonly original: string;
  /** The translated text, or the original when it was not machine-translated. */
  readonly text: string;
  readonly method: 'amazon-translate' | 'untranslated';
  /** What a reader must know about this text, in English and Chinese. */
  readonly note: string;
  /** Numbers of the original that the translation does not show, if any. */
  readonly missingNumbers: readonly string[];
}

const RETRYABLE = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailableException',
  'InternalServerException',
]);

let client: TranslateClient | undefined;
const translate = () => {
  client ??= new TranslateClient({});
  return client;
};

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 200 };

export interface LanguagePair {
  readonly source: string;
  readonly target: string;
}

const EN_ZH: LanguagePair = { source: 'en', target: 'zh' };

async function translateChunk(
  text: string,
  pair: LanguagePair,
  terminologyName: string | undefined,
  retry: RetryPolicy,
): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await translate().send(
        new TranslateTextCommand({
          Text: text,
          SourceLanguageCode: pair.source,
          TargetLanguageCode: pair.target,
          ...(terminologyName ? { TerminologyNames: [terminologyName] } : {}),
        }),
      );
      return result.TranslatedText ?? '';
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (!RETRYABLE.has(name) || attempt >= retry.attempts) throw error;
      // Exponential backoff with full jitter.
      await sleep(Math.random() * retry.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

/** Through Amazon Translate, chunk by chunk, with the oncology terminology for English to Chinese. */
async function amazonTranslate(original: string, pair: LanguagePair, retry: RetryPolicy): Promise<string> {
  const terminology = pair.source === EN_ZH.source && pair.target === EN_ZH.target;
  const parts: string[] = [];
  for (const chunk of chunkForTranslate(original)) {
    parts.push(
      await translateChunk(chunk, pair, terminology ? setting('terminologyName') : undefined, retry),
    );
  }
  return parts.join('');
}

type MachineTranslator = (original: string, pair: LanguagePair, retry: RetryPolicy) => Promise<string>;

let chosen: { readonly translator: MachineTranslator | undefined } | undefined;

/**
 * The machine translator this execution environment runs with, chosen once from TRANSLATOR:
 * Amazon Translate (`amazon-translate`, as in AWS), or none (texts are kept and say so).
 */
function machineTranslator(): MachineTranslator | undefined {
  chosen ??= { translator: setting('translator') === 'amazon-translate' ? amazonTranslate : undefined };
  return chosen.translator;
}

/** For tests and the local runtime, which start backends one after another in one process: a fresh client and choice. */
export function resetTranslator(): void {
  client = undefined;
  chosen = undefined;
}

interface Notes {
  readonly untranslated: string;
  readonly translated: string;
  readonly numbersDiffer: string;
}

/** Through Amazon Translate where configured; otherwise the original, saying so. */
async function translateWith(
  original: string,
  pair: LanguagePair,
  notes: Notes,
  retry: RetryPolicy,
): Promise<FreeTextTranslation> {
  const machine = machineTranslator();
  if (!machine || original.trim() === '') {
    return { original, text: original, method: 'untranslated', note: notes.untranslated, missingNumbers: [] };
  }
  const text = await machine(original, pair, retry);
  const missing = missingNumbers(original, text);
  return {
    original,
    text,
    method: 'amazon-translate',
    note: missing.length > 0 ? notes.numbersDiffer : notes.translated,
    missingNumbers: missing,
  };
}

/**
 * Free text (the patient's question, extracted record text) into Chinese, with the oncology
 * terminology where TRANSLATOR=amazon-translate; elsewhere (the local backend) it stays in
 * English and says so. It never pretends a text was translated.
 */
export function translateFreeText(original: string, retry = DEFAULT_RETRY): Promise<FreeTextTranslation> {
  return translateWith(
    original,
    EN_ZH,
    {
      untranslated: 'Original English, not machine-translated. 英文原文，未经机器翻译。',
      translated:
        'Machine translation (Amazon Translate) with oncology terminology; not a certified translation. 机器翻译（含肿瘤学术语表），非认证翻译。',
      numbersDiffer:
        'Machine translation (Amazon Translate); some numbers differ from the original, which is attached. 机器翻译（部分数字与原文不符，请以英文原文为准）。',
    },
    retry,
  );
}

/** Amazon Translate throttled or down after every retry: the service's fault, not the text's. */
export function isTranslateUnavailable(error: unknown): boolean {
  return RETRYABLE.has((error as { name?: string } | null)?.name ?? '');
}

/**
 * As translateFreeText, but an Amazon Translate outage that outlasts the retries leaves the text
 * in English, saying so, instead of holding the package back; `unavailable` tells the caller to
 * let the coordinator know. Any other failure (a bad request, a missing terminology) still throws.
 */
export function translateFreeTextOrKeep(
  original: string,
  retry = DEFAULT_RETRY,
): Promise<FreeTextTranslation & { readonly unavailable?: true }> {
  return keptOnOutage(
    original,
    () => translateFreeText(original, retry),
    'Amazon Translate was unavailable when this package was built: original English, not machine-translated. 构建资料包时机器翻译服务不可用：英文原文，未经机器翻译。',
  );
}

/** A translation, or, when Amazon Translate stays unavailable after every retry, the original saying `note`. */
async function keptOnOutage(
  original: string,
  translation: () => Promise<FreeTextTranslation>,
  note: string,
): Promise<FreeTextTranslation & { readonly unavailable?: true }> {
  try {
    return await translation();
  } catch (error) {
    if (!isTranslateUnavailable(error)) throw error;
    return { original, text: original, method: 'untranslated', note, missingNumbers: [], unavailable: true };
  }
}

/**
 * As translateForPatient, but an outage that outlasts the retries leaves the text as it is
 * (`unavailable`), for a text the patient gets in any case (the plain-language summary).
 */
export function translateForPatientOrKeep(
  original: string,
  pair: LanguagePair,
  retry = DEFAULT_RETRY,
): Promise<FreeTextTranslation & { readonly unavailable?: true }> {
  return keptOnOutage(
    original,
    () => translateForPatient(original, pair, retry),
    `Amazon Translate was unavailable: the original text (${pair.source}), not machine-translated.`,
  );
}

/**
 * The hospital's report text for a patient who reads another language: any pair Amazon
 * Translate supports. Notes are in English, the language the patient's portal speaks.
 */
export function translateForPatient(
  original: string,
  pair: LanguagePair,
  retry = DEFAULT_RETRY,
): Promise<FreeTextTranslation> {
  const direction = `from ${pair.source} to ${pair.target}`;
  return translateWith(
    original,
    pair,
    {
      untranslated: `Not machine-translated (no translator is configured here): the report's original text (${pair.source}) follows.`,
      translated: `Machine translation (Amazon Translate) ${direction}; not a certified translation. The original report is the authoritative text.`,
      numbersDiffer: `Machine translation (Amazon Translate) ${direction}; some numbers differ from the original, which follows. The original report is the authoritative text.`,
    },
    retry,
  );
}
