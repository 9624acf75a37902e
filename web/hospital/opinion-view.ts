import { h } from '../patient/dom';
import { loadSummary, packageFiles } from './cases';
import { messages } from './i18n';
import { errorNotice } from './notices';
import type { PortalView } from './view';

/** The opinion form (or, once reported, the follow-up questions and addenda): a chunk loaded when opened. */
export const opinionView =
  (caseId: string): PortalView =>
  (root, ctx) => {
    const t = messages(ctx.lang);
    const host = h('div', { 'aria-busy': 'true' }, h('p', { role: 'status' }, t.loadingOpinion));
    root.append(
      h(
        'p',
        { class: 'back' },
        h('a', { href: `#/cases/${encodeURIComponent(caseId)}` }, t.caseTitle(caseId)),
      ),
      h('h1', {}, t.opinionTitle(caseId)),
      host,
    );
    let live = true;
    let leave: (() => void) | undefined;
    const load = async () => {
      try {
        // The preview names the hospital as the patient will read it: from the case summary's data.
        const [opinion, summary] = await Promise.all([
          import('./opinion/index'),
          packageFiles(ctx.api, caseId, 'summary', ['summary-data'])
            .then(loadSummary)
            .catch(() => undefined),
        ]);
        if (!live) return;
        host.removeAttribute('aria-busy');
        host.replaceChildren();
        leave = opinion.mountOpinion(host, caseId, {
          ...ctx,
          ...(summary ? { hospitalName: summary.hospitalName } : {}),
        });
      } catch (error) {
        if (live) errorNotice(host, ctx.lang, error, () => void load());
      }
    };
    void load();
    return () => {
      live = false;
      leave?.();
    };
  };
