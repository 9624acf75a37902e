import { type BannerState, renderFrameBanner } from './frame';
import { langNames, langs, messages } from './i18n';

/** The console's banner: its views, language, who is signed in, Sign out. */
export function renderBanner(banner: HTMLElement, state: BannerState): void {
  const t = messages(state.lang);
  renderFrameBanner(
    banner,
    state,
    {
      brand: t.consoleTitle,
      mainNav: t.mainNav,
      languageGroup: t.languageGroup,
      signedInAs: t.signedInAs,
      signOut: t.signOut,
    },
    [
      { path: '/cases', label: t.navCases },
      { path: '/calls', label: t.navCalls },
      { path: '/hospitals', label: t.navHospitals },
      { path: '/glance', label: t.navGlance },
    ],
    langs.map((lang) => ({ lang, name: langNames[lang] })),
  );
}
