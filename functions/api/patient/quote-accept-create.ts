import { decideAcceptance } from '../../core/case/quote';
import { quoteView } from '../../core/case/views';
import { acceptQuoteSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { changeQuote, quoteAmount } from '../../services/payments';

/** The patient accepts the quote on their page (then pays by bank transfer, or card where offered). */
export const handler = route({ auth: 'patient', body: acceptQuoteSchema }, async ({ auth, body, now }) => {
  await loadCaseFor(auth, auth.caseId, 'quote.accept');
  const { quote } = await changeQuote(auth.caseId, {
    actor: auth.actor,
    action: 'quote.accept',
    decide: (current) => {
      const before = current.quotes?.at(-1);
      const next = decideAcceptance(current, body.quoteId, now);
      return { quote: next, changed: before?.status !== next.status };
    },
    timeline: (accepted) => ({
      type: 'quote-accepted',
      detail: `The patient accepted the quote (${quoteAmount(accepted)}).`,
    }),
  });
  return { statusCode: 200, body: { quote: quoteView(quote, now, 'patient') } };
});
