import { getDocument } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { objectSize, putGenerated, readHead } from '../adapters/record-store';
import type { PackageFile } from '../core/case/record';
import { translateDocumentInput } from '../core/inputs/workflow';
import { objectKeys } from '../core/object-keys';
import { parseInput } from '../core/parse-input';
import { readPdf } from '../core/pdf';
import { translationText } from '../core/translation-text';
import { translateForPackage } from '../services/translation-outage';

/**
 * One iteration of the workflow's Map state: the text of one accepted PDF, translated (or,
 * where no translator is configured or Amazon Translate stays down, kept in English and said
 * so), stored beside the records.
 */
export async function handler(event: unknown): Promise<PackageFile> {
  const input = parseInput(translateDocumentInput, event, 'the TranslateDocument input');
  const document = await getDocument(input.caseId, input.documentId);
  if (!document?.recordsKey) throw new Error('document is not in the records bucket');
  const size = (await objectSize('records', document.recordsKey)) ?? 0;
  const { text } = await readPdf(await readHead('records', document.recordsKey, size));
  const translation = await translateForPackage(input.caseId, input.submission, text);
  const body = translationText(
    `Translation of ${document.fileName} / ${document.fileName} 的翻译`,
    translation,
    '--- Original English / 英文原文 ---',
    text,
  );
  const fileName = `${document.fileName.replace(/\.pdf$/i, '')}.zh.txt`;
  const key = objectKeys.packageFile(
    input.caseId,
    input.submission,
    `translations/${document.documentId}.txt`,
  );
  const stored = await putGenerated('records', key, Buffer.from(body, 'utf8'), 'text/plain; charset=utf-8');
  logger.info('document translated', {
    caseId: input.caseId,
    documentId: input.documentId,
    method: translation.method,
  });
  return {
    fileId: `tr_${document.documentId.slice(4)}`,
    fileName,
    category: 'translation',
    key,
    ...stored,
    sourceDocumentId: document.documentId,
    translation: translation.method === 'amazon-translate' ? 'machine-draft' : 'untranslated',
  };
}
