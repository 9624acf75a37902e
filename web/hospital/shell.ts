import { type BannerState, renderFrameBanner } from '../console/frame';
import { langNames, langs, messages } from './i18n';

/** The portal's banner: the inbox, language, who is signed in, Sign out. */
export function renderBanner(banner: HTMLElement, state: BannerState): void {
  const t = messages(state.lang);
  renderFrameBanner(
    banner,
    state,
    {
      brand: t.portalTitle,
      mainNav: t.mainNav,
      languageGroup: t.languageGroup,
      signedInAs: t.signedInAs,
      signOut: t.signOut,
    },
    [{ path: '/inbox', label: t.navInbox }],
    langs.map((lang) => ({ lang, name: langNames[lang] })),
  );
}
