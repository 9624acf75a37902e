import { create as openFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import type { ReceiptDocument } from './case/payment-receipt';
import { diagnosisCodeSources } from './diagnosis-codes';
import { MessageCatalogue } from './message-catalogue';
import { formatMoney } from './money';
import { receiptCatalogues } from './receipt-catalogues';

/**
 * A receipt (or credit note) an insurer accepts, as a one-page A4 PDF in English and the
 * patient's language: who issued it, its number, the patient, the service and the hospital,
 * the diagnosis with its ICD-10 and ICD-10-CM codes, the itemised amounts and the payment.
 *
 * Each string is drawn in the first font that has all its characters (Latin and Cyrillic,
 * Chinese, Arabic, Thai), so a label in any of the patient's languages shows, and a name typed
 * in a script none of them has shows as "?" rather than as blanks. Arabic labels carry no
 * digits or Latin letters (the catalogue's rule): fontkit shapes and orders them right to left.
 */
export interface ReceiptFonts {
  readonly latin: Buffer;
  readonly cjk: Buffer;
  readonly arabic: Buffer;
  readonly thai: Buffer;
}

const FONT_ORDER = ['latin', 'cjk', 'arabic', 'thai'] as const;
type FontName = (typeof FONT_ORDER)[number];

const coverage = new WeakMap<Buffer, ReturnType<typeof openFont>>();
function opened(bytes: Buffer) {
  let font = coverage.get(bytes);
  if (!font) {
    font = openFont(bytes);
    coverage.set(bytes, font);
  }
  return font;
}

/** Bidirectional marks Intl puts in Arabic numbers: no font draws them and they mean nothing here. */
const INVISIBLE = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

const MUTED = '#555555';
const RULE = '#999999';

export async function renderReceiptPdf(document: ReceiptDocument, fonts: ReceiptFonts): Promise<Buffer> {
  const english = new MessageCatalogue('en', receiptCatalogues.en, receiptCatalogues.en);
  const local =
    document.language === 'en'
      ? undefined
      : new MessageCatalogue(document.language, receiptCatalogues[document.language], receiptCatalogues.en);
  const fontFor = (text: string): { name: FontName; text: string } => {
    const clean = text.replace(INVISIBLE, '');
    const chars = [...clean].filter((char) => !/\s/.test(char));
    for (const name of FONT_ORDER) {
      const font = opened(fonts[name]);
      if (chars.every((char) => font.hasGlyphForCodePoint(char.codePointAt(0)!)))
        return { name, text: clean };
    }
    const latin = opened(fonts.latin);
    return {
      name: 'latin',
      text: [...clean]
        .map((char) => (/\s/.test(char) || latin.hasGlyphForCodePoint(char.codePointAt(0)!) ? char : '?'))
        .join(''),
    };
  };

  const doc = new PDFDocument({
    size: 'A4',
    margin: 42,
    info: {
      Title: `${english.format(`title.${document.kind}`)} ${document.number}`,
      Producer: 'oncology-second-opinion',
      CreationDate: new Date(`${document.issuedOn}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const name of FONT_ORDER) doc.registerFont(name, fonts[name]);

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const labelWidth = 175;
  const valueX = left + labelWidth + 10;
  const valueWidth = width - labelWidth - 10;

  /** Draws one string at (x, y) in its font, wrapped to the width; returns the y below it. */
  const draw = (
    text: string,
    x: number,
    y: number,
    options: { size: number; width: number; color?: string; align?: 'left' | 'right' },
  ): number => {
    const chosen = fontFor(text);
    doc
      .font(chosen.name)
      .fontSize(options.size)
      .fillColor(options.color ?? '#000000');
    if (chosen.name !== 'arabic') {
      doc.text(chosen.text, x, y, { width: options.width, align: options.align ?? 'left' });
      return doc.y;
    }
    // Right to left: fontkit shapes and orders the letters of a word, but not the words of a
    // line (nor its spaces). So lines are broken here in reading order, and each word is placed
    // from the right edge leftwards; brackets are mirrored, as the bidirectional algorithm does.
    let lineY = y;
    const space = doc.widthOfString(' ');
    for (const line of wrapWords(chosen.text, options.width)) {
      let right = x + options.width;
      for (const word of line.split(' ')) {
        const mirrored = word.replace(/[()]/g, (bracket) => (bracket === '(' ? ')' : '('));
        const wordWidth = doc.widthOfString(mirrored);
        doc.text(mirrored, right - wordWidth, lineY, { lineBreak: false });
        right -= wordWidth + space;
      }
      // The Arabic font's own line gap is twice the others': the lines keep the Latin rhythm.
      lineY += options.size * 1.4;
    }
    return lineY;
  };
  const wrapWords = (text: string, maxWidth: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && doc.widthOfString(candidate) > maxWidth) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    if (line) lines.push(line);
    return lines;
  };
  /** The English label with the patient's language under it. */
  const label = (key: string, x: number, y: number, labelW: number, align?: 'right'): number => {
    const style = { size: 7.5, width: labelW, color: MUTED, ...(align ? { align } : {}) };
    let bottom = draw(english.format(key), x, y, style);
    if (local) bottom = draw(local.format(key), x, bottom, style);
    return bottom;
  };
  const values = (texts: readonly string[], y: number, size = 10): number => {
    let bottom = y;
    for (const text of texts) bottom = draw(text, valueX, bottom, { size, width: valueWidth });
    return bottom;
  };
  const bottomLimit = doc.page.height - doc.page.margins.bottom;
  /** A new page when fewer than `needed` points are left (a long address, long names). */
  const room = (y: number, needed: number): number => {
    if (y + needed <= bottomLimit) return y;
    doc.addPage();
    return doc.page.margins.top;
  };
  const row = (key: string, texts: readonly string[], at: number): number => {
    const y = room(at, local ? 40 : 28);
    return Math.max(label(key, left, y, labelWidth), values(texts, y)) + 3;
  };
  const bilingual = (key: string): string[] =>
    local ? [english.format(key), local.format(key)] : [english.format(key)];
  const rule = (y: number) => {
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  };
  const money = (amount: number) => formatMoney({ currency: document.currency, amount }, 'en');

  // Who issues it, and what it is.
  let y = draw(document.provider.legalName, left, doc.page.margins.top, { size: 13, width: width * 0.55 });
  for (const line of document.provider.address)
    y = draw(line, left, y, { size: 9, width: width * 0.55, color: MUTED });
  let titleY = draw(english.format(`title.${document.kind}`), left + width * 0.55, doc.page.margins.top, {
    size: 20,
    width: width * 0.45,
    align: 'right',
  });
  if (local)
    titleY = draw(local.format(`title.${document.kind}`), left + width * 0.55, titleY, {
      size: 14,
      width: width * 0.45,
      align: 'right',
    });
  y = Math.max(y, titleY) + 14;
  rule(y);
  y += 10;

  y = row(`number.${document.kind}`, [document.number], y);
  if (document.cancels) y = row('cancels', [document.cancels], y);
  y = row('issued-on', [document.issuedOn], y);
  y = row('patient', [document.patient.fullName], y);
  y = row('date-of-birth', [document.patient.dateOfBirth], y);
  y = row('country', [document.patient.country], y);
  y = row('case', [document.caseId], y);
  y = row('service', bilingual('service.review'), y);
  y = row('hospital', [`${document.hospital.name}, ${document.hospital.city}`], y);
  y = row(
    'service-date',
    document.serviceDate ? [document.serviceDate] : bilingual('service-date.pending'),
    y,
  );
  const cancer = bilingual(`cancer.${document.cancerType}`);
  y = row(
    'diagnosis',
    document.histology ? [`${cancer[0]}: ${document.histology}`, ...cancer.slice(1)] : cancer,
    y,
  );
  if (document.codes) {
    y = row('code.who', [`${document.codes.who.code}  ${document.codes.who.title}`], y);
    y = row('code.cm', [`${document.codes.cm.code}  ${document.codes.cm.title}`], y);
  } else {
    y = row('code.who', bilingual('code.none'), y);
  }

  // The itemised amounts.
  y += 6;
  rule(y);
  y += 8;
  const quantityX = left + width - 190;
  const amountX = left + width - 110;
  const descriptionWidth = quantityX - left - 10;
  const headBottom = Math.max(
    label('item', left, y, descriptionWidth),
    label('quantity', quantityX, y, 70),
    label('amount', amountX, y, 110, 'right'),
  );
  y = headBottom + 6;
  for (const line of document.lines) {
    y = room(y, local ? 36 : 22);
    let bottom = draw(english.format(`line.${line.code}`), left, y, { size: 10, width: descriptionWidth });
    if (local)
      bottom = draw(local.format(`line.${line.code}`), left, bottom, {
        size: 9,
        width: descriptionWidth,
        color: MUTED,
      });
    const unit = line.quantity > 1 ? ` × ${money(line.unitAmount)}` : '';
    draw(`${line.quantity}${unit}`, quantityX, y, { size: 10, width: 80 });
    draw(money(document.kind === 'credit-note' ? -line.amount : line.amount), amountX, y, {
      size: 10,
      width: 110,
      align: 'right',
    });
    y = bottom + 6;
  }
  rule(y);
  y += 8;
  y = room(y, 40);
  const totalKey = `total.${document.kind}`;
  const totalBottom = label(totalKey, left, y, descriptionWidth);
  draw(money(document.total), amountX, y, { size: 12, width: 110, align: 'right' });
  y = Math.max(totalBottom, y + 14) + 12;
  rule(y);
  y += 10;

  // The payment.
  y = row('method', bilingual(`method.${document.payment.method}`), y);
  y = row('reference', [document.payment.reference], y);
  y = row(document.kind === 'receipt' ? 'paid-on' : 'refunded-on', [document.payment.on], y);

  y += 6;
  y = room(y, 52);
  for (const text of bilingual(`footer.${document.kind}`)) y = draw(text, left, y, { size: 9, width }) + 2;
  y += 6;
  const { who, cm } = diagnosisCodeSources;
  draw(`Diagnosis codes: ${who.edition} (${who.url}); ${cm.edition} (${cm.url}).`, left, y, {
    size: 7,
    width,
    color: MUTED,
  });
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
