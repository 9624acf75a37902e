import { CoordinatorApi } from './api-client';
import { currentPath, type RouteMatch, Router, type RouteTable } from './router';
import { readSignInSettings, Session, watchIdle } from './sign-in';
import { h } from './ui';
import type { View, ViewContext } from './view';

/**
 * The frame of a signed-in page (the coordinator console, the hospital portal): sign in or
 * resume this tab's session, then one view at a time under the banner. A 401 that a renewal
 * cannot cure sends the browser to sign in again; a 403 means the account is not one this page
 * serves, and says so with a way to sign out. Each page brings its views, words and banner.
 */
type Lang = 'en' | 'zh-Hans';

/** The frame's own words, in the page's current language. */
export interface FrameText {
  readonly title: string;
  readonly skip: string;
  readonly signingIn: string;
  readonly signInFailed: string;
  readonly signInAgain: string;
  readonly signOut: string;
  /** Signed in, but this account may not use the page. */
  readonly refused: string;
  readonly refusedDetail: string;
}

export interface BannerState {
  readonly lang: Lang;
  readonly signedInAs: string | undefined;
  /** The current view's path; absent while no view may be shown. */
  readonly path?: string;
  onLang(lang: Lang): void;
  onSignOut?: () => void;
}

export interface FrameOptions {
  /** The id of the page's sign-in settings block, and the prefix of its session's storage keys. */
  readonly settingsBlock: string;
  readonly storagePrefix: string;
  readonly routes: RouteTable;
  readonly notFound: View;
  /** The view of an address without a path. */
  readonly defaultPath: string;
  initialLang(): Lang;
  keepLang(lang: Lang): void;
  text(lang: Lang): FrameText;
  renderBanner(banner: HTMLElement, state: BannerState): void;
}

/** A page-filling notice with one way on (sign in again, sign out). */
export function notice(
  main: HTMLElement,
  heading: string,
  detail: string,
  action?: { label: string; run: () => void },
): void {
  const title = h('h1', { tabindex: '-1' }, heading);
  main.replaceChildren(
    h(
      'div',
      { class: 'notice-page' },
      title,
      h('p', {}, detail),
      action ? h('button', { type: 'button', onclick: action.run }, action.label) : null,
    ),
  );
  title.focus();
}

export class SignedInFrame {
  private lang: Lang;
  private readonly main = document.getElementById('main') as HTMLElement;
  private readonly banner = document.getElementById('banner') as HTMLElement;
  private readonly announcer = document.getElementById('announcer') as HTMLElement;
  private readonly session: Session;
  private readonly api: CoordinatorApi;
  private readonly router: Router;
  private refused = false;
  private stopIdle: (() => void) | undefined;

  constructor(private readonly options: FrameOptions) {
    this.lang = options.initialLang();
    this.session = new Session(
      readSignInSettings(options.settingsBlock),
      `${window.location.origin}${window.location.pathname}`,
      options.storagePrefix,
    );
    this.api = new CoordinatorApi(this.session, {
      signInAgain: () => void this.session.signIn(),
      refused: () => this.refuse(),
    });
    this.router = new Router(
      options.routes,
      options.notFound,
      (match, moved) => this.mount(match, moved),
      options.defaultPath,
    );
  }

  async start() {
    this.options.keepLang(this.lang);
    this.skipLink();
    this.drawBanner(false);
    this.say(this.text.signingIn);
    const result = await this.session.resume();
    if (result.kind === 'signed-out') {
      await this.session.signIn();
      return;
    }
    if (result.kind === 'failed') {
      notice(this.main, this.text.signInFailed, '', {
        label: this.text.signInAgain,
        run: () => void this.session.signIn(),
      });
      return;
    }
    this.stopIdle = watchIdle(() => void this.session.signOut());
    this.drawBanner(true);
    this.router.start();
  }

  private get text(): FrameText {
    return this.options.text(this.lang);
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
    document.title = `${heading?.textContent ? `${heading.textContent} · ` : ''}${this.text.title}`;
    // A new view: the keyboard and screen reader start at its heading, as after a page load.
    if (moved && heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
    return typeof leave === 'function' ? leave : undefined;
  }

  private drawBanner(signedIn: boolean, path = currentPath(this.options.defaultPath)) {
    this.options.renderBanner(this.banner, {
      lang: this.lang,
      signedInAs: signedIn ? this.session.signedInAs : undefined,
      ...(signedIn && !this.refused ? { path } : {}),
      onLang: (lang) => this.setLang(lang),
      // Refused, the notice holds the one Sign out button.
      ...(signedIn && !this.refused ? { onSignOut: () => this.signOut() } : {}),
    });
  }

  private setLang(lang: Lang) {
    this.lang = lang;
    this.options.keepLang(lang);
    const skip = document.querySelector('.skip-link');
    if (skip) skip.textContent = this.text.skip;
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

  /** Signed in, but not with an account this page serves: nothing of it, and a way out. */
  private refuse() {
    this.refused = true;
    this.drawBanner(true);
    notice(this.main, this.text.refused, this.text.refusedDetail, {
      label: this.text.signOut,
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
    skip.textContent = this.text.skip;
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

/** The banner's words, in the page's current language. */
export interface BannerText {
  readonly brand: string;
  readonly mainNav: string;
  readonly languageGroup: string;
  signedInAs(who: string): string;
  readonly signOut: string;
}

/** The banner: the brand, the page's views, the language buttons, who is signed in, Sign out. */
export function renderFrameBanner(
  banner: HTMLElement,
  state: BannerState,
  text: BannerText,
  nav: readonly { readonly path: string; readonly label: string }[],
  languages: readonly { readonly lang: Lang; readonly name: string }[],
): void {
  const current = state.path;
  banner.replaceChildren(
    h(
      'div',
      { class: 'banner-inner' },
      h('p', { class: 'brand' }, text.brand),
      current !== undefined
        ? h(
            'nav',
            { 'aria-label': text.mainNav, class: 'main-nav' },
            h(
              'ul',
              {},
              nav.map((item) => {
                const here =
                  current === item.path ||
                  current.startsWith(`${item.path}/`) ||
                  current.startsWith(`${item.path}?`);
                return h(
                  'li',
                  {},
                  h('a', { href: `#${item.path}`, ...(here ? { 'aria-current': 'page' } : {}) }, item.label),
                );
              }),
            ),
          )
        : null,
      h(
        'div',
        { class: 'banner-tools' },
        h(
          'div',
          { role: 'group', 'aria-label': text.languageGroup, class: 'languages' },
          languages.map(({ lang, name }) =>
            h(
              'button',
              {
                type: 'button',
                lang,
                class: 'secondary small',
                'aria-pressed': String(lang === state.lang),
                onclick: () => state.onLang(lang),
              },
              name,
            ),
          ),
        ),
        state.signedInAs ? h('span', { class: 'who' }, text.signedInAs(state.signedInAs)) : null,
        state.onSignOut
          ? h('button', { type: 'button', class: 'secondary small', onclick: state.onSignOut }, text.signOut)
          : null,
      ),
    ),
  );
}
