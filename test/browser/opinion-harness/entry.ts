import '../../../web/console/styles.css';
import type { ConsoleApi } from '../../../web/console/view';
import { mountOpinion } from '../../../web/hospital/opinion/index';
import { PatientApi } from '../../../web/patient/api';
import { h } from '../../../web/patient/dom';

/**
 * A stand-in for the portal's frame around the opinion view (the lead's opinion-view.ts): a
 * heading, the two language buttons, a polite live region, and the view mounted again on a
 * change of language, as the portal's router does. The API client is the pages' own JSON
 * client with the hospital's token, against the API through this page's origin.
 */
type Lang = 'zh-Hans' | 'en';

function start(token: string, caseId: string, lang: Lang) {
  const client = new PatientApi(token);
  const api: ConsoleApi = {
    get: (path) => client.call('GET', path),
    send: (method, path, body) => client.call(method as 'POST', path, body),
  };
  const main = document.getElementById('main') as HTMLElement;
  const announcer = document.getElementById('announcer') as HTMLElement;
  const announced: string[] = [];
  (window as unknown as { announced: string[] }).announced = announced;
  let leave: (() => void) | undefined;
  const mount = (next: Lang) => {
    leave?.();
    document.documentElement.lang = next;
    const buttons = h(
      'div',
      { class: 'languages', role: 'group', 'aria-label': next === 'en' ? 'Language' : '界面语言' },
      (['zh-Hans', 'en'] as const).map((option) =>
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            lang: option,
            'aria-pressed': String(option === next),
            onclick: () => {
              mount(option);
              document.querySelector<HTMLElement>(`button[lang="${option}"]`)?.focus();
            },
          },
          option === 'en' ? 'English' : '简体中文',
        ),
      ),
    );
    const host = h('div', {});
    main.replaceChildren(
      buttons,
      h('h1', {}, next === 'en' ? `Second opinion for case ${caseId}` : `病例 ${caseId} 的第二诊疗意见`),
      host,
    );
    leave = mountOpinion(host, caseId, {
      api,
      lang: next,
      hospitalName: 'Sample Cancer Hospital',
      navigate: () => undefined,
      announce: (message) => {
        announced.push(message);
        announcer.textContent = message;
      },
    });
  };
  mount(lang);
}

(window as unknown as { startOpinion: typeof start }).startOpinion = start;
