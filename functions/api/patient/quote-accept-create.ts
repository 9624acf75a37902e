import { quoteView } from '../../core/case/views';
import { acceptQuoteSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { acceptQuote } from '../../services/payments';

/** The patient accepts the quote on their page (then pays by bank transfer, or card where offered). */
export const handler = route({ auth: 'patient', body: acceptQuoteSchema }, async ({ auth, body, now }) => {
  await loadCaseFor(auth, auth.caseId, 'quote.accept');
  const quote = await acceptQuote(auth.actor, auth.caseId, body.quoteId, now);
  return { statusCode: 200, body: { quote: quoteView(quote, now, 'patient') } };
});
