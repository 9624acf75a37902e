import './styles.css';
import './viewer/viewer.css';
import { SignedInFrame } from '../console/frame';
import type { RouteTable } from '../console/router';
import { h } from '../patient/dom';
import { casePageView } from './case-page';
import { initialLang, keepLang, messages } from './i18n';
import { imagesView } from './images-view';
import { inboxView } from './inbox';
import { opinionView } from './opinion-view';
import { renderBanner } from './shell';
import type { PortalView } from './view';

const routes: RouteTable = [
  { pattern: /^\/inbox$/, view: () => inboxView },
  { pattern: /^\/cases\/([^/]+)$/, view: (caseId) => casePageView(caseId ?? '') },
  { pattern: /^\/cases\/([^/]+)\/images$/, view: (caseId) => imagesView(caseId ?? '') },
  { pattern: /^\/cases\/([^/]+)\/opinion$/, view: (caseId) => opinionView(caseId ?? '') },
];

const notFoundView: PortalView = (root, ctx) => {
  const t = messages(ctx.lang);
  root.append(h('h1', { tabindex: '-1' }, t.notFoundView), h('p', {}, h('a', { href: '#/inbox' }, t.back)));
};

/**
 * The hospital portal: a staff member signs in with the sign-in's public client (the console's;
 * the hospital authorizer takes a staff member's token, and the group names the hospital), then
 * sees only that hospital's cases. Relay routes answer another hospital's case with a 404, so a
 * 403 is the sign-in's: an account of no hospital.
 */
void new SignedInFrame({
  settingsBlock: 'portal-settings',
  storagePrefix: 'portal',
  routes,
  notFound: notFoundView,
  defaultPath: '/inbox',
  initialLang,
  keepLang,
  text: (lang) => {
    const t = messages(lang);
    return {
      title: t.portalTitle,
      skip: t.skip,
      signingIn: t.signingIn,
      signInFailed: t.signInFailed,
      signInAgain: t.signInAgain,
      signOut: t.signOut,
      refused: t.notStaff,
      refusedDetail: t.notStaffDetail,
    };
  },
  renderBanner,
}).start();
