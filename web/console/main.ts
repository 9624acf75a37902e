import './styles.css';
import { callsView } from './calls';
import { caseView } from './case/page';
import { casesListView } from './cases-list';
import { SignedInFrame } from './frame';
import { glanceView } from './glance/view';
import { hospitalsView } from './hospitals/view';
import { initialLang, keepLang, messages } from './i18n';
import { newCaseView } from './new-case';
import { DEFAULT_PATH, type RouteTable } from './router';
import { renderBanner } from './shell';
import { h } from './ui';
import type { View } from './view';

const routes: RouteTable = [
  { pattern: /^\/cases$/, view: () => casesListView },
  { pattern: /^\/cases\/new$/, view: () => newCaseView },
  { pattern: /^\/cases\/([^/]+)$/, view: (caseId) => caseView(caseId ?? '') },
  { pattern: /^\/calls$/, view: () => callsView },
  { pattern: /^\/hospitals$/, view: () => hospitalsView },
  { pattern: /^\/glance$/, view: () => glanceView },
];

const notFoundView: View = (root, ctx) => {
  const t = messages(ctx.lang);
  root.append(
    h('h1', { tabindex: '-1' }, t.notFoundView),
    h('p', {}, h('a', { href: '#/cases' }, t.navCases)),
  );
};

/** The coordinator console: a signed-in frame whose 403 means the account is not a coordinator's. */
void new SignedInFrame({
  settingsBlock: 'console-settings',
  storagePrefix: 'console',
  routes,
  notFound: notFoundView,
  defaultPath: DEFAULT_PATH,
  initialLang,
  keepLang,
  text: (lang) => {
    const t = messages(lang);
    return {
      title: t.consoleTitle,
      skip: t.skip,
      signingIn: t.signingIn,
      signInFailed: t.signInFailed,
      signInAgain: t.signInAgain,
      signOut: t.signOut,
      refused: t.notCoordinator,
      refusedDetail: t.notCoordinatorDetail,
    };
  },
  renderBanner,
}).start();
