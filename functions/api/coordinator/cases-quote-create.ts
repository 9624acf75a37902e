import { getHospital } from '../../adapters/hospital-directory';
import { setting } from '../../adapters/settings';
import { decideQuote } from '../../core/case/quote';
import { ValidationError } from '../../core/errors';
import { quoteSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { changeQuote, quoteAmount } from '../../services/payments';

/** The coordinator issues the quote for the review, once the records are sufficient. */
export const handler = route(
  { auth: 'coordinator', body: quoteSchema },
  async ({ auth, body, params, now }) => {
    const { record, documents } = await loadCaseFor(auth, params.caseId ?? '', 'quote.issue');
    const hospital = await getHospital(body.hospitalId);
    if (!hospital) {
      throw new ValidationError('The request body is not valid.', [
        { path: 'hospitalId', message: 'No such hospital.' },
      ]);
    }
    const coordinationFees = setting('coordinationFees');
    const { quote } = await changeQuote(record.caseId, {
      actor: auth.actor,
      action: 'quote.issue',
      // The gaps and the pages come from the documents read above; the quotes from the record
      // as it is at the write (decided again on a lost race).
      decide: (current) => {
        const issue = decideQuote(current, documents, hospital, coordinationFees, { now, by: auth.actor.id });
        return { quote: issue.quote, quotes: issue.quotes, changed: true };
      },
      timeline: (issued) => ({
        type: 'quote-issued',
        detail: `Quote ${issued.quoteId} for ${hospital.name}: ${quoteAmount(issued)}, valid until ${issued.validUntil.slice(0, 10)}.`,
      }),
    });
    return { statusCode: 201, body: { quote } };
  },
);
