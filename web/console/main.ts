import './styles.css';
import { CoordinatorApi } from './api-client';
import { caseView } from './case/page';
import { casesListView } from './cases-list';
import { glanceView } from './glance/view';
import { hospitalsView } from './hospitals/view';
import { initialLang, keepLang, type Lang, messages } from './i18n';
import { newCaseView } from './new-case';
import { currentPath, type RouteMatch, Router, type RouteTable } from './router';
import { notice, renderBanner } from './shell';
import { readSignInSettings, Session, watchIdle } from './sign-in';
import { h } from './ui';
import type { View, ViewContext } from './view';

const routes: RouteTable = [
  { pattern: /^\/cases$/, view: () => casesListView },
  { pattern: /^\/cases\/new$/, view: () => newCaseView },
  { pattern: /^\/cases\/([^/]+)$/, view: (caseId) => caseView(caseId ?? '') },
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

/**
 * The console: sign in (or resume this tab's session), then one view at a time under the
 * banner. A 401 that a renewal cannot cure sends the browser to sign in again; a 403 means the
 * account is not a coordinator's, and says so with a way to sign out.
 */
class CoordinatorConsole {
  private lang: Lang = initialLang();
  private readonly main = document.getElementById('main') as HTMLElement;
  private readonly banner = document.getElementById('banner') as HTMLElement;
  private readonly announcer = document.getElementById('announcer') as HTMLElement;
  private readonly session = new Session(
    readSignInSettings(),
    `${window.location.origin}${window.location.pathname}`,
  );
  private readonly api = new CoordinatorApi(this.session, {
    signInAgain: () => void this.session.signIn(),
    refused: () => this.refuse(),
  });
  private readonly router = new Router(routes, notFoundView, (match, moved) => this.mount(match, moved));
  private refused = false;
  private stopIdle: (() => void) | undefined;

  async start() {
    keepLang(this.lang);
    this.skipLink();
    this.drawBanner(false);
    this.say(messages(this.lang).signingIn);
    const result = await this.session.resume();
    if (result.kind === 'signed-out') {
      await this.session.signIn();
      return;
    }
    if (result.kind === 'failed') {
      const t = messages(this.lang);
      notice(this.main, t.signInFailed, '', { label: t.signInAgain, run: () => void this.session.signIn() });
      return;
    }
    this.stopIdle = watchIdle(() => void this.session.signOut());
    this.drawBanner(true);
    this.router.start();
  }

  private context(): ViewContext {
    return {
      api: this.api,
      lang: this.lang,
      navigate: (path) => this.router.navigate(path),
      announce: (message) => this.say(message),
    };
  }

  private mount({ view, path }: RouteMatch, moved: boolean): (() => void) | undefined {
    if (this.refused) return undefined;
    const root = h('div', { class: 'view' });
    this.main.replaceChildren(root);
    const leave = view(root, this.context());
    this.drawBanner(true, path);
    const heading = root.querySelector('h1');
    document.title = `${heading?.textContent ? `${heading.textContent} · ` : ''}${messages(this.lang).consoleTitle}`;
    // A new view: the keyboard and screen reader start at its heading, as after a page load.
    if (moved && heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
    return typeof leave === 'function' ? leave : undefined;
  }

  private drawBanner(signedIn: boolean, path = currentPath()) {
    renderBanner(this.banner, {
      lang: this.lang,
      signedInAs: signedIn ? this.session.signedInAs : undefined,
      ...(signedIn && !this.refused ? { nav: { path, current: path } } : {}),
      onLang: (lang) => this.setLang(lang),
      // Refused, the notice holds the one Sign out button.
      ...(signedIn && !this.refused ? { onSignOut: () => this.signOut() } : {}),
    });
  }

  private setLang(lang: Lang) {
    this.lang = lang;
    keepLang(lang);
    const skip = document.querySelector('.skip-link');
    if (skip) skip.textContent = messages(lang).skip;
    if (this.refused) this.refuse();
    else if (this.stopIdle) {
      const restore = keepTyped(this.main);
      this.router.remount();
      restore(this.main);
    } else this.drawBanner(false);
    // The pressed language button keeps the focus across the redraw.
    this.banner.querySelector<HTMLElement>(`button[lang="${lang}"]`)?.focus();
  }

  private signOut() {
    this.stopIdle?.();
    void this.session.signOut();
  }

  /** Signed in, but not as a coordinator: nothing of the console, and a way out. */
  private refuse() {
    this.refused = true;
    const t = messages(this.lang);
    this.drawBanner(true);
    notice(this.main, t.notCoordinator, t.notCoordinatorDetail, {
      label: t.signOut,
      run: () => this.signOut(),
    });
  }

  private say(message: string) {
    // Emptied first, so the same message said twice is announced twice.
    this.announcer.textContent = '';
    setTimeout(() => {
      this.announcer.textContent = message;
    }, 50);
  }

  /** The skip link moves focus to the content without touching the address (the router's). */
  private skipLink() {
    const skip = document.querySelector<HTMLAnchorElement>('.skip-link');
    if (!skip) return;
    skip.textContent = messages(this.lang).skip;
    skip.addEventListener('click', (event) => {
      event.preventDefault();
      this.main.focus();
    });
  }
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * What was typed or chosen in the view's forms, by field name (and value, for checkboxes and
 * radios), put back into the same fields once the view is drawn in the other language. Fields a
 * view draws later (after a load) start afresh.
 */
function keepTyped(main: HTMLElement): (main: HTMLElement) => void {
  const fields = (root: HTMLElement) =>
    [...root.querySelectorAll<Field>('input[name], textarea[name], select[name]')].filter(
      (field) => field.type !== 'file' && !field.hasAttribute('readonly'),
    );
  const keyOf = (field: Field) =>
    field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')
      ? `${field.name}=${field.value}`
      : field.name;
  const saved = new Map(
    fields(main).map((field) => [
      keyOf(field),
      field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')
        ? field.checked
        : field.value,
    ]),
  );
  return (root) => {
    for (const field of fields(root)) {
      const value = saved.get(keyOf(field));
      if (typeof value === 'boolean' && field instanceof HTMLInputElement) field.checked = value;
      else if (typeof value === 'string') field.value = value;
    }
  };
}

void new CoordinatorConsole().start();
