import { type Lang, langNames, langs, messages } from './i18n';
import { h } from './ui';

/** The console's frame: the banner (views, language, who is signed in, Sign out) and full-page notices. */

export interface BannerOptions {
  readonly lang: Lang;
  readonly signedInAs: string | undefined;
  /** The views the banner links to; absent while no console view may be shown. */
  readonly nav?: { readonly path: string; readonly current: string };
  onLang(lang: Lang): void;
  onSignOut?: () => void;
}

const navItems = [
  { path: '/cases', label: 'navCases' },
  { path: '/hospitals', label: 'navHospitals' },
  { path: '/glance', label: 'navGlance' },
] as const;

export function renderBanner(banner: HTMLElement, options: BannerOptions): void {
  const t = messages(options.lang);
  const nav = options.nav;
  banner.replaceChildren(
    h(
      'div',
      { class: 'banner-inner' },
      h('p', { class: 'brand' }, t.consoleTitle),
      nav
        ? h(
            'nav',
            { 'aria-label': t.mainNav, class: 'main-nav' },
            h(
              'ul',
              {},
              navItems.map((item) => {
                const here =
                  nav.current === item.path ||
                  nav.current.startsWith(`${item.path}/`) ||
                  nav.current.startsWith(`${item.path}?`);
                return h(
                  'li',
                  {},
                  h(
                    'a',
                    { href: `#${item.path}`, ...(here ? { 'aria-current': 'page' } : {}) },
                    t[item.label],
                  ),
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
          { role: 'group', 'aria-label': t.languageGroup, class: 'languages' },
          langs.map((lang) =>
            h(
              'button',
              {
                type: 'button',
                lang,
                class: 'secondary small',
                'aria-pressed': String(lang === options.lang),
                onclick: () => options.onLang(lang),
              },
              langNames[lang],
            ),
          ),
        ),
        options.signedInAs ? h('span', { class: 'who' }, t.signedInAs(options.signedInAs)) : null,
        options.onSignOut
          ? h('button', { type: 'button', class: 'secondary small', onclick: options.onSignOut }, t.signOut)
          : null,
      ),
    ),
  );
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
