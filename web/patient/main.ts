import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import './styles.css';
import { checklistFor, markersFor } from '../../functions/core/checklist';
import { latestTodayAnywhere } from '../../functions/core/dates';
import { formatMoney } from '../../functions/core/money';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import type { PatientCase, PatientHospitals, PatientReport } from '../../functions/core/responses/patient';
import {
  consentSchema,
  imagingShipmentSchema,
  postReportCallSchema,
  questionSchema,
} from '../../functions/core/schemas';
import { issuesToDetails } from '../../functions/core/validation';
import { ApiError, PatientApi } from './api';
import { type LanguagePack, loadLanguage } from './catalogues';
import { h, status } from './dom';
import { collect, field, formRegions, restoreInputs, showErrors } from './form';
import { historyForm } from './history-form';
import { initialLanguage, type Language, languages, type MessageKey, Translator } from './i18n';
import { createUploader } from './uploader';
import { loadUppyLocale, type UppyLocale } from './uppy-locales';

// The API's own response types (type-only imports: erased from the bundle).
type CaseView = PatientCase;
type HospitalOption = PatientHospitals['hospitals'][number];
type ReportView = PatientReport;

const TOKEN_KEY = 'patient-token';
const LANGUAGE_KEY = 'language';
/** Statuses in which the patient may still add records. */
const OPEN = new Set(['collecting', 'ready']);

/**
 * The patient link carries the token in the fragment, which browsers never send to a server.
 * It moves to this tab's session storage and leaves the address bar at once.
 */
function takeToken(): string | undefined {
  const fromLink = decodeURIComponent(window.location.hash.replace(/^#/, ''));
  if (fromLink) {
    sessionStorage.setItem(TOKEN_KEY, fromLink);
    history.replaceState(null, '', window.location.pathname);
    return fromLink;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** `<html lang dir>`, the title and the skip link say the page's language. */
function applyLanguage(t: Translator) {
  document.documentElement.lang = t.language;
  document.documentElement.dir = t.dir;
  document.title = t.t('title');
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t.t('skipToContent');
}

class PatientPage {
  private t: Translator;
  private view: CaseView | undefined;
  private hospitals: HospitalOption[] = [];
  private hospitalsLoaded = false;
  private uploader: ReturnType<typeof createUploader> | undefined;
  private poll: number | undefined;
  private describeShared: (() => void) | undefined;
  private historyEditable: boolean | undefined;
  private caseLanguageFollowed = false;
  /** Said once, when the report is drawn again after the patient sent a question. */
  private notice: string | undefined;
  private readonly main = document.getElementById('main') as HTMLElement;
  private readonly sections = {
    header: h('header', { class: 'page-header' }),
    status: h('section', { 'aria-labelledby': 'status-heading', class: 'card' }),
    checklist: h('section', { 'aria-labelledby': 'checklist-heading', class: 'card', id: 'checklist' }),
    upload: h('section', { 'aria-labelledby': 'upload-heading', class: 'card', id: 'upload' }),
    history: h('section', { 'aria-labelledby': 'history-heading', class: 'card', id: 'history' }),
    shipment: h('section', { 'aria-labelledby': 'shipment-heading', class: 'card', id: 'shipment' }),
    consent: h('section', { 'aria-labelledby': 'consent-heading', class: 'card', id: 'consent' }),
    report: h('section', { 'aria-labelledby': 'report-heading', class: 'card', id: 'report' }),
    payment: h('section', { 'aria-labelledby': 'payment-heading', class: 'card', id: 'payment' }),
  };
  private readonly itemSelect = h('select', { id: 'upload-item' });
  private readonly uploadMessage = h('p', { role: 'status', class: 'form-status', id: 'upload-message' });
  private readonly uploadTarget = h('div', { id: 'uploader' });

  constructor(
    private readonly api: PatientApi,
    first: Translator,
    private uppyLocale: UppyLocale,
  ) {
    this.t = first;
  }

  async start() {
    this.arrange();
    this.renderHeader();
    await this.refresh();
  }

  /** `chosen`: the patient picked it here, so it is kept on this device over the case's language. */
  private async setLanguage(language: Language, chosen: boolean) {
    if (chosen) localStorage.setItem(LANGUAGE_KEY, language);
    if (language === this.t.language) return;
    let pack: LanguagePack;
    let uppyLocale: UppyLocale;
    try {
      [pack, uppyLocale] = await Promise.all([loadLanguage(language), loadUppyLocale(language)]);
    } catch {
      // The language's file did not arrive (a dropped connection): stay in this one, and say so.
      status(this.uploadMessage, this.t.t('networkError'), 'error');
      return;
    }
    // Another choice may have come in while this one loaded: the last one wins.
    if (chosen && localStorage.getItem(LANGUAGE_KEY) !== language) return;
    this.t = new Translator(language, pack);
    this.uppyLocale = uppyLocale;
    this.uploader?.uppy.setOptions({ locale: uppyLocale });
    this.renderHeader();
    this.renderAll(true);
  }

  private renderHeader() {
    const { t } = this;
    applyLanguage(t);
    const select = h(
      'select',
      { id: 'language', onchange: () => void this.setLanguage(select.value as Language, true) },
      languages.map((language) =>
        h(
          'option',
          {
            value: language.tag,
            lang: language.tag,
            dir: language.dir,
            selected: language.tag === t.language,
          },
          language.name,
        ),
      ),
    ) as HTMLSelectElement;
    this.sections.header.replaceChildren(
      h('div', { class: 'languages' }, h('label', { for: 'language' }, t.t('languageLabel')), select),
      h('h1', {}, t.t('title')),
      h('p', {}, t.t('intro')),
    );
  }

  /** Reloads the case; keeps polling while the server is still checking files. */
  async refresh() {
    try {
      this.view = await this.api.call<CaseView>('GET', '/patient/case');
      // The hospitals name the one chosen at consent, in every state of the case.
      if (!this.hospitalsLoaded) {
        this.hospitals = (await this.api.call<PatientHospitals>('GET', '/patient/hospitals')).hospitals;
        this.hospitalsLoaded = true;
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    const followed = await this.followCaseLanguage();
    if (!followed) this.renderAll(false);
    const checking = this.view.checklist.some((item) =>
      item.documents.some((doc) => doc.status === 'uploading' || doc.status === 'validating'),
    );
    window.clearTimeout(this.poll);
    if (checking) this.poll = window.setTimeout(() => this.refresh(), 1500);
  }

  /**
   * The first time the case is seen, the page takes the case's language unless the patient chose
   * one on this device. True when that redrew the page.
   */
  private async followCaseLanguage(): Promise<boolean> {
    if (this.caseLanguageFollowed || !this.view) return false;
    this.caseLanguageFollowed = true;
    const language = initialLanguage(
      localStorage.getItem(LANGUAGE_KEY),
      navigator.languages,
      this.view.language,
    );
    if (language === this.t.language) return false;
    await this.setLanguage(language, false);
    return this.t.language === language;
  }

  private fail(error: unknown) {
    const message =
      error instanceof ApiError && (error.status === 401 || error.status === 404)
        ? this.t.t('linkInvalid')
        : this.t.error(error);
    this.sections.status.replaceChildren(
      h('h2', { id: 'status-heading' }, this.t.t('caseStatus')),
      h('p', { role: 'alert' }, message),
    );
  }

  private renderAll(languageChanged: boolean) {
    if (!this.view) return;
    this.arrange();
    this.renderStatus();
    this.renderChecklist();
    this.renderUpload();
    // Drawn once, again on a language switch (keeping what was typed) and when it turns read-only:
    // a poll while files are checked must not wipe what the patient is typing.
    const editable = OPEN.has(this.view.status);
    if (languageChanged || this.historyEditable !== editable) {
      this.renderHistory(languageChanged);
      this.historyEditable = editable;
    }
    this.renderShipment(languageChanged);
    this.renderConsent(languageChanged);
    this.renderPayment();
    void this.renderReport();
    this.foldFinished();
  }

  /**
   * The page follows the case: while records are collected the checklist comes first; once the
   * report is delivered, the report (its summary and the follow-up questions) comes first.
   */
  private arrange() {
    const { sections } = this;
    const delivered = this.view?.status === 'completed';
    const order = delivered
      ? [
          sections.header,
          sections.status,
          sections.report,
          sections.payment,
          sections.checklist,
          sections.history,
          sections.consent,
          sections.shipment,
          sections.upload,
        ]
      : [
          sections.header,
          sections.status,
          // A quote to accept or pay is the next thing to do once the records are sufficient.
          sections.payment,
          sections.checklist,
          sections.upload,
          sections.history,
          sections.shipment,
          sections.consent,
          sections.report,
        ];
    const current = [...this.main.children];
    if (order.every((section, index) => current[index] === section)) return;
    this.main.replaceChildren(...order);
  }

  /** Once the report is delivered, the finished sections fold under their headings. */
  private foldFinished() {
    if (this.view?.status !== 'completed') return;
    for (const section of [
      this.sections.checklist,
      this.sections.history,
      this.sections.consent,
      this.sections.shipment,
      this.sections.upload,
    ]) {
      const heading = section.querySelector(':scope > h2');
      if (!heading) continue;
      const rest = [...section.childNodes].filter((node) => node !== heading);
      section.replaceChildren(h('details', { class: 'folded' }, h('summary', {}, heading), ...rest));
    }
  }

  private renderStatus() {
    const { t } = this;
    const view = this.view as CaseView;
    this.sections.status.replaceChildren(
      h('h2', { id: 'status-heading' }, t.t('caseStatus')),
      h('p', { class: 'case-status', 'data-status': view.status }, t.pick('statuses', view.status)),
      view.deadline ? h('p', {}, t.t('expectedReport', { date: t.date(view.deadline.expectedDate) })) : '',
    );
  }

  private renderChecklist() {
    const { t } = this;
    const view = this.view as CaseView;
    const uploading = this.uploader?.uploadingItems() ?? new Set();
    const markers = markersFor(view.cancerType).join(', ');
    this.sections.checklist.replaceChildren(
      h('h2', { id: 'checklist-heading' }, t.t('checklistHeading')),
      h('p', {}, t.t('checklistIntro')),
      h(
        'ul',
        { class: 'checklist' },
        view.checklist.map((item) => {
          const shown = item.status === 'missing' && uploading.has(item.itemId) ? 'uploading' : item.status;
          const headingId = `item-${item.itemId}`;
          return h(
            'li',
            { 'data-item': item.itemId, 'data-status': shown, 'aria-labelledby': headingId },
            h(
              'div',
              { class: 'item-head' },
              h('h3', { id: headingId }, t.item(item.itemId).title),
              h('span', { class: `badge badge-${shown}` }, t.pick('itemStatus', shown)),
              h('span', { class: 'tag' }, item.required ? t.t('required') : t.t('optional')),
            ),
            h('p', { class: 'why' }, t.item(item.itemId, markers || '—').why),
            t.language === 'en' ? h('p', { class: 'what' }, item.description) : null,
            item.documents.length
              ? h(
                  'ul',
                  { class: 'documents' },
                  item.documents
                    .filter((doc) => doc.status !== 'cancelled')
                    .map((doc) =>
                      h(
                        'li',
                        { 'data-status': doc.status },
                        // Isolated, so a Latin file name keeps its own direction on a right-to-left page.
                        h('bdi', { class: 'file-name' }, doc.fileName),
                        ' — ',
                        doc.status === 'rejected' && doc.reason
                          ? t.t('documentRejected', { reason: t.rejection(doc) ?? doc.reason })
                          : t.pick('itemStatus', doc.status),
                      ),
                    ),
                )
              : null,
          );
        }),
      ),
      h('h3', { id: 'gaps-heading' }, t.t('gapsHeading')),
      view.gaps.length
        ? h(
            'ul',
            { class: 'gaps', 'aria-labelledby': 'gaps-heading' },
            view.gaps.map((gap) =>
              h(
                'li',
                { 'data-severity': gap.severity },
                h('strong', {}, gap.severity === 'blocking' ? t.t('blocking') : t.t('advisory')),
                ': ',
                t.gap(gap),
              ),
            ),
          )
        : h('p', { class: 'gaps-none' }, t.t('noGaps')),
    );
  }

  private renderUpload() {
    const { t } = this;
    const view = this.view as CaseView;
    const heading = h('h2', { id: 'upload-heading' }, t.t('uploadHeading'));
    if (!OPEN.has(view.status)) {
      this.uploader?.destroy();
      this.uploader = undefined;
      this.sections.upload.replaceChildren(heading, h('p', {}, t.t('uploadClosed')));
      return;
    }
    const uploadable = checklistFor(view.cancerType).filter((item) => item.accepts.length > 0);
    const selected = this.itemSelect.value || 'pathology-report';
    this.itemSelect.replaceChildren(
      ...uploadable.map((item) =>
        h('option', { value: item.itemId, selected: item.itemId === selected }, t.item(item.itemId).title),
      ),
    );
    if (!this.uploader) {
      this.sections.upload.replaceChildren(
        heading,
        h('p', { id: 'upload-intro' }, t.t('uploadIntro')),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'upload-item', id: 'upload-item-label' }, t.t('uploadFor')),
          this.itemSelect,
        ),
        this.uploadTarget,
        this.uploadMessage,
      );
      this.uploader = createUploader({
        api: this.api,
        t,
        locale: this.uppyLocale,
        target: this.uploadTarget,
        currentItem: () =>
          uploadable.find((item) => item.itemId === this.itemSelect.value) ??
          (uploadable[0] as (typeof uploadable)[number]),
        onChange: () => void this.refresh(),
        onMessage: (message) => status(this.uploadMessage, message, 'error'),
      });
    } else {
      heading.id = 'upload-heading';
      this.sections.upload.querySelector('#upload-heading')?.replaceWith(heading);
      const intro = this.sections.upload.querySelector('#upload-intro');
      if (intro) intro.textContent = t.t('uploadIntro');
      const label = this.sections.upload.querySelector('#upload-item-label');
      if (label) label.textContent = t.t('uploadFor');
    }
  }

  private renderHistory(keepTyped: boolean) {
    const { t } = this;
    const view = this.view as CaseView;
    const current = this.sections.history.querySelector('form');
    const saved =
      keepTyped && current
        ? collect(current)
        : (view.treatmentHistory as Record<string, unknown> | undefined);
    this.sections.history.replaceChildren(
      h('h2', { id: 'history-heading' }, t.t('historyHeading')),
      h('p', { id: 'history-intro' }, t.t('historyIntro')),
      historyForm(t, this.api, saved, OPEN.has(view.status), () => void this.refresh()),
    );
  }

  private renderShipment(languageChanged: boolean) {
    const { t } = this;
    const view = this.view as CaseView;
    const heading = h('h2', { id: 'shipment-heading' }, t.t('shipmentHeading'));
    if (view.imagingShipment) {
      this.sections.shipment.replaceChildren(
        heading,
        h(
          'p',
          { role: 'status' },
          t.t('shipmentSaved', {
            carrier: view.imagingShipment.carrier,
            tracking: view.imagingShipment.trackingNumber,
          }),
        ),
      );
      return;
    }
    if (!OPEN.has(view.status)) {
      this.sections.shipment.replaceChildren();
      return;
    }
    // A poll while files are checked must not wipe what the patient is typing.
    const existing = this.sections.shipment.querySelector('form');
    if (existing && !languageChanged) return;
    const before = existing ? new FormData(existing) : undefined;
    const wasOpen = this.sections.shipment.querySelector('details')?.open ?? false;
    const form = this.postingForm(
      [
        field(t, { name: 'carrier', label: 'carrier', kind: 'text' }, 'carrier', undefined),
        field(
          t,
          { name: 'trackingNumber', label: 'trackingNumber', kind: 'text' },
          'trackingNumber',
          undefined,
        ),
        field(t, { name: 'shippedAt', label: 'shippedAt', kind: 'date' }, 'shippedAt', undefined),
        field(t, { name: 'contents', label: 'contents', kind: 'textarea' }, 'contents', undefined),
      ],
      'save',
      () => imagingShipmentSchema(latestTodayAnywhere()),
      '/patient/imaging-shipment',
    );
    if (before) restoreInputs(form, before);
    this.sections.shipment.replaceChildren(
      h('details', { open: wasOpen }, h('summary', {}, heading), h('p', {}, t.t('shipmentIntro')), form),
    );
  }

  private renderConsent(languageChanged: boolean) {
    const { t } = this;
    const view = this.view as CaseView;
    const heading = h('h2', { id: 'consent-heading' }, t.t('consentHeading'));
    const hospitalName = (id: string | undefined) =>
      this.hospitals.find((hospital) => hospital.hospitalId === id)?.name ?? id ?? '';
    if (view.consent) {
      this.sections.consent.replaceChildren(
        heading,
        h(
          'p',
          { role: 'status', class: 'consent-given' },
          `${t.t('consentGiven', { date: t.date(view.consent.at) })} ${hospitalName(view.consent.hospitalId)}`,
        ),
      );
      return;
    }
    if (!OPEN.has(view.status)) return;
    const existing = this.sections.consent.querySelector('form');
    if (existing && !languageChanged) {
      // Keep what the patient has ticked and typed; only what will be shared changes.
      this.describeShared?.();
      return;
    }
    // A new language redraws the form with what the patient had already chosen and typed.
    const before = existing ? new FormData(existing) : undefined;
    const shared = h('ul', { class: 'shared' });
    const describeShared = (hospitalId: string) => {
      const files = (this.view as CaseView).checklist
        .flatMap((item) => item.documents)
        .filter((doc) => doc.status === 'accepted')
        // Each name isolated (FSI … PDI), so Latin names keep their order in a right-to-left list.
        .map((doc) => `\u2068${doc.fileName}\u2069`);
      const list = new Intl.ListFormat(t.language, { type: 'conjunction' }).format(files);
      shared.replaceChildren(
        h('li', {}, t.t('sharedDocuments', { files: files.length ? list : t.t('nothingYet') })),
        h('li', {}, t.t('sharedHistory')),
        h('li', {}, t.t('sharedTranslation')),
      );
      sharedHeading.textContent = t.t('whatIsShared', {
        hospital: hospitalName(hospitalId) || t.t('hospital'),
      });
    };
    const sharedHeading = h('h3', {});
    const preferred = this.hospitals.find((hospital) => hospital.chosen) ?? this.hospitals[0];
    const { summary, result } = formRegions();
    const form = h(
      'form',
      { novalidate: true },
      summary,
      h(
        'fieldset',
        { 'data-path': 'hospitalId', tabindex: -1 },
        h('legend', {}, t.t('hospital')),
        this.hospitals.map((hospital) => {
          const id = `hospital-${hospital.hospitalId}`;
          return h(
            'div',
            { class: 'choice' },
            h('input', {
              type: 'radio',
              name: 'hospitalId',
              id,
              value: hospital.hospitalId,
              checked: hospital === preferred,
              onchange: () => describeShared(hospital.hospitalId),
            }),
            h(
              'label',
              { for: id },
              h('strong', {}, hospital.name),
              h('br', {}),
              t.t('turnaround', { city: hospital.city, days: hospital.turnaroundBusinessDays }),
            ),
          );
        }),
        h('p', { class: 'field-error', 'data-error-for': 'hospitalId' }),
      ),
      sharedHeading,
      shared,
      h(
        'fieldset',
        { 'data-path': 'acknowledgedLimits', tabindex: -1 },
        h('legend', {}, t.t('limitsHeading')),
        remoteReviewLimitIds.map((limit) =>
          h(
            'div',
            { class: 'choice' },
            h('input', { type: 'checkbox', id: `limit-${limit}`, name: 'acknowledgedLimits', value: limit }),
            h('label', { for: `limit-${limit}` }, t.pick('limits', limit)),
          ),
        ),
        h('p', { class: 'field-error', 'data-error-for': 'acknowledgedLimits' }),
      ),
      field(t, { name: 'fullName', label: 'fullName', kind: 'text' }, 'fullName', undefined),
      h(
        'div',
        { class: 'choice', 'data-path': 'accepted', tabindex: -1 },
        h('input', { type: 'checkbox', id: 'consent-accepted', name: 'accepted' }),
        h('label', { for: 'consent-accepted' }, t.t('agree')),
      ),
      h('p', { class: 'field-error', 'data-error-for': 'accepted' }),
      h('button', { type: 'submit' }, t.t('giveConsent')),
      result,
    );
    this.describeShared = () =>
      describeShared(String(new FormData(form).get('hospitalId') ?? preferred?.hospitalId ?? ''));
    if (before) restoreInputs(form, before);
    this.describeShared();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body = {
        hospitalId: String(data.get('hospitalId') ?? ''),
        accepted: data.get('accepted') === 'on' ? true : undefined,
        acknowledgedLimits: data.getAll('acknowledgedLimits').map(String),
        fullName: String(collect(form).fullName ?? ''),
      };
      void this.submit(form, summary, result, consentSchema, '/patient/consent', body);
    });
    this.sections.consent.replaceChildren(heading, h('p', {}, t.t('consentIntro')), form);
  }

  /**
   * A form of fields that posts what they hold to `path` once the server's schema (made when
   * it is sent: a date's limits move) accepts it; `sending` runs first.
   */
  private postingForm(
    fields: readonly HTMLElement[],
    button: MessageKey,
    schema: () => Parameters<PatientPage['submit']>[3],
    path: string,
    sending?: () => void,
  ): HTMLFormElement {
    const { summary, result } = formRegions();
    const form = h(
      'form',
      { novalidate: true },
      summary,
      ...fields,
      h('button', { type: 'submit' }, this.t.t(button)),
      result,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      sending?.();
      void this.submit(form, summary, result, schema(), path, collect(form));
    });
    return form;
  }

  /** Checks a form with the server's schema, sends it, and shows field errors from either. */
  private async submit(
    form: HTMLElement,
    summary: HTMLElement,
    result: HTMLElement,
    schema: {
      safeParse(value: unknown): {
        success: boolean;
        error?: { issues: Parameters<typeof issuesToDetails>[0] };
      };
    },
    path: string,
    body: unknown,
  ) {
    const { t } = this;
    const checked = schema.safeParse(body);
    if (!checked.success && checked.error) {
      showErrors(form, summary, issuesToDetails(checked.error.issues), t);
      return;
    }
    showErrors(form, summary, [], t);
    status(result, t.t('saving'));
    try {
      await this.api.call('POST', path, body);
      status(result, t.t('saved'));
      form.remove();
      await this.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) showErrors(form, summary, error.details, t);
      status(result, t.error(error), 'error');
    }
  }

  /**
   * The review's quote once the coordinator issued it: itemised, with its validity; accepted
   * here, then paid by bank transfer to the details shown (the coordinator records it); once
   * paid, the receipt for the insurer is downloaded here.
   */
  private renderPayment() {
    const { t } = this;
    const quote = (this.view as CaseView).quote;
    const section = this.sections.payment;
    section.hidden = !quote;
    if (!quote) {
      section.replaceChildren();
      return;
    }
    const money = (amount: number) => formatMoney({ currency: quote.currency, amount }, t.language);
    const table = h(
      'table',
      { class: 'quote' },
      h('caption', { class: 'visually-hidden' }, t.t('quoteCaption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t.t('quoteItem')),
          h('th', { scope: 'col', class: 'amount' }, t.t('quoteAmount')),
        ),
      ),
      h(
        'tbody',
        {},
        quote.lines.map((line) =>
          h(
            'tr',
            {},
            h(
              'td',
              {},
              t.pick('quoteLines', line.code),
              line.quantity > 1
                ? h(
                    'span',
                    { class: 'note' },
                    ` (${t.t('quoteQuantity', { quantity: line.quantity, unit: money(line.unitAmount) })})`,
                  )
                : null,
            ),
            h('td', { class: 'amount' }, money(line.amount)),
          ),
        ),
      ),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, t.t('quoteTotal')),
          h('td', { class: 'amount' }, money(quote.total)),
        ),
      ),
    );
    const result = h('p', { role: 'status', class: 'form-status' });
    const parts: (HTMLElement | null)[] = [h('h2', { id: 'payment-heading' }, t.t('paymentHeading'))];
    switch (quote.status) {
      case 'issued':
        parts.push(
          h('p', {}, t.t('quoteIntro')),
          table,
          h('p', {}, t.t('quoteValidUntil', { date: t.date(quote.validUntil) })),
          h(
            'button',
            { type: 'button', onclick: () => void this.acceptQuote(quote.quoteId, result) },
            t.t('quoteAccept'),
          ),
          ...this.cardPayment(quote, result),
          result,
        );
        break;
      case 'accepted':
        parts.push(
          h(
            'p',
            { role: 'status' },
            t.t('quoteAccepted', { date: t.date(quote.acceptedAt ?? quote.issuedAt) }),
          ),
          table,
          ...this.cardPayment(quote, result),
          ...this.bankTransfer(quote),
          result,
        );
        break;
      case 'expired':
        parts.push(h('p', { role: 'status' }, t.t('quoteExpired')), table);
        break;
      case 'waived':
        parts.push(h('p', { role: 'status' }, t.t('quoteWaived')));
        break;
      default:
        parts.push(
          quote.payment
            ? h('p', { role: 'status' }, t.t('quotePaid', { date: t.date(quote.payment.receivedOn) }))
            : null,
          quote.refund
            ? h('p', { role: 'status' }, t.t('quoteRefunded', { date: t.date(quote.refund.at) }))
            : null,
          table,
          quote.receipts.length ? h('p', {}, t.t('receiptForInsurer')) : null,
          ...quote.receipts.map((receipt) =>
            h(
              'p',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'link-button',
                  onclick: () => void this.downloadReceipt(receipt.number, result),
                },
                t.t(receipt.kind === 'receipt' ? 'receiptDownload' : 'creditNoteDownload', {
                  number: receipt.number,
                }),
              ),
            ),
          ),
          result,
        );
    }
    section.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  }

  /** Paying by card on Stripe's page, where the deployment offers it (the webhook records it). */
  private cardPayment(quote: NonNullable<CaseView['quote']>, result: HTMLElement): HTMLElement[] {
    const { t } = this;
    if (!quote.card) return [];
    const pay = async () => {
      status(result, t.t('cardRedirecting'));
      try {
        const { url } = await this.api.call<{ url: string }>('POST', '/patient/quote/checkout', {
          quoteId: quote.quoteId,
        });
        window.location.assign(url);
      } catch (error) {
        status(result, t.error(error), 'error');
      }
    };
    return [
      h('p', {}, t.t('payByCardIntro')),
      h(
        'p',
        {},
        h('button', { type: 'button', class: 'secondary', onclick: () => void pay() }, t.t('payByCard')),
      ),
    ];
  }

  /** Where and how to pay by bank transfer, with the reference that matches it to the case. */
  private bankTransfer(quote: NonNullable<CaseView['quote']>): HTMLElement[] {
    const { t } = this;
    if (!quote.bankTransfer) return [h('p', {}, t.t('paymentNext'))];
    return [
      h('h3', {}, t.t('bankTransferHeading')),
      h('p', {}, t.t('bankTransferIntro')),
      h(
        'address',
        { class: 'bank-details', lang: 'en', dir: 'ltr' },
        ...quote.bankTransfer.details.flatMap((line) => [line, h('br', {})]),
      ),
      h(
        'p',
        {},
        t.t('bankTransferReference'),
        ' ',
        h('strong', { class: 'reference', dir: 'ltr' }, quote.bankTransfer.reference),
      ),
      h('p', {}, t.t('paymentNext')),
    ];
  }

  private async acceptQuote(quoteId: string, result: HTMLElement) {
    status(result, this.t.t('saving'));
    try {
      await this.api.call('POST', '/patient/quote/accept', { quoteId });
      await this.refresh();
      (this.sections.payment.querySelector('h2') as HTMLElement | null)?.focus();
    } catch (error) {
      status(result, this.t.error(error), 'error');
    }
  }

  /** The receipt is rendered on request: fetch its link, then let the browser save the PDF. */
  private async downloadReceipt(number: string, result: HTMLElement) {
    status(result, this.t.t('receiptPreparing'));
    try {
      const link = await this.api.call<{ url: string }>(
        'GET',
        `/patient/receipts/${encodeURIComponent(number)}`,
      );
      status(result, '');
      window.location.assign(link.url);
    } catch (error) {
      status(result, this.t.error(error), 'error');
    }
  }

  private async renderReport() {
    const { t } = this;
    const view = this.view as CaseView;
    if (view.status !== 'completed') {
      this.sections.report.replaceChildren();
      this.sections.report.hidden = true;
      return;
    }
    const report = await this.api.call<ReportView>('GET', '/patient/report');
    this.sections.report.hidden = false;
    this.sections.report.replaceChildren(
      h('h2', { id: 'report-heading' }, t.t('reportHeading')),
      this.reportBody(report),
    );
  }

  /**
   * The plain-language summary: its machine translation first with the English original below,
   * or the English with a note saying plainly that it was not translated.
   */
  private summary(english: string, translation: ReportView['summaryTranslation']): HTMLElement {
    const { t } = this;
    const original = h('p', { class: 'summary', lang: 'en', dir: 'ltr' }, english);
    if (!translation) return h('div', {}, h('h3', {}, t.t('summaryHeading')), original);
    if (translation.method === 'untranslated' || !translation.text) {
      return h(
        'div',
        {},
        h('h3', {}, t.t('summaryHeading')),
        h('p', { class: 'note' }, t.t('summaryNotTranslated')),
        original,
      );
    }
    return h(
      'div',
      {},
      h('h3', {}, t.t('summaryHeading')),
      h('p', { class: 'summary summary-translated' }, translation.text),
      h(
        'p',
        { class: 'note' },
        t.t(translation.numbersDiffer ? 'summaryNumbersDiffer' : 'summaryMachineTranslated'),
      ),
      h('h4', {}, t.t('summaryOriginal')),
      original,
    );
  }

  private reportBody(report: ReportView): HTMLElement {
    const { t } = this;
    return h(
      'div',
      { class: 'report' },
      report.specialist ? h('p', {}, t.t('specialist', report.specialist)) : null,
      h('p', {}, h('a', { href: report.report.url, rel: 'noopener noreferrer' }, t.t('reportDownload'))),
      report.translation?.download
        ? h(
            'p',
            {},
            h(
              'a',
              { href: report.translation.download.url, rel: 'noopener noreferrer' },
              t.t('translationDownload'),
            ),
          )
        : null,
      report.translation?.note
        ? h(
            'p',
            { class: 'note' },
            report.translation.noteCode
              ? t.pick('translationNote', report.translation.noteCode)
              : report.translation.note,
          )
        : null,
      report.plainLanguageSummary
        ? this.summary(report.plainLanguageSummary, report.summaryTranslation)
        : null,
      report.limitsNotedBySpecialist.length
        ? h(
            'div',
            {},
            h('h3', {}, t.t('limitsNoted')),
            h(
              'ul',
              {},
              report.limitsNotedBySpecialist.map((limit, index) => {
                const id = report.limitsNotedIds?.[index];
                return h('li', {}, id ? t.pick('noted', id) : limit);
              }),
            ),
          )
        : null,
      report.addenda.map((addendum) =>
        h(
          'p',
          {},
          h(
            'a',
            { href: addendum.download.url, rel: 'noopener noreferrer' },
            t.t('addendum', { date: t.date(addendum.receivedAt) }),
          ),
        ),
      ),
      this.followUp(report),
      this.callRequest(report),
    );
  }

  /** The patient's follow-up questions with the specialists' answers, and a form for the next one. */
  private followUp(report: ReportView): HTMLElement {
    const { t } = this;
    const asked = report.questions ?? [];
    const remaining = report.questionsRemaining ?? 0;
    const form = this.postingForm(
      [field(t, { name: 'question', label: 'questionLabel', kind: 'textarea' }, 'question', undefined)],
      'askQuestion',
      () => questionSchema,
      '/patient/questions',
      () => {
        this.notice = t.t('questionSent');
      },
    );
    const notice = this.notice;
    this.notice = undefined;
    return h(
      'div',
      { class: 'questions' },
      h('h3', {}, t.t('questionsHeading')),
      h('p', {}, t.t('questionsIntro', { max: asked.length + remaining })),
      h('p', { role: 'status', class: 'form-status question-notice' }, notice ?? ''),
      asked.length
        ? h(
            'ol',
            { class: 'asked' },
            asked.map((question) =>
              h(
                'li',
                {},
                h('p', { class: 'question' }, question.question),
                h('p', { class: 'meta' }, t.t('questionAsked', { date: t.date(question.askedAt) })),
                question.answer
                  ? h('p', {}, h('strong', {}, t.t('questionAnswer')), ' ', question.answer)
                  : h('p', { class: 'meta' }, t.t('questionWaiting')),
              ),
            ),
          )
        : null,
      h('p', {}, t.t('questionsRemaining', { count: remaining })),
      remaining > 0 ? form : null,
    );
  }

  /** The call with the coordinator about the report: asked for once. */
  private callRequest(report: ReportView): HTMLElement {
    const { t } = this;
    const heading = h('h3', {}, t.t('callHeading'));
    if (report.postReportCall) {
      return h(
        'div',
        { class: 'call' },
        heading,
        h('p', {}, t.t('callRequested', { times: report.postReportCall.preferredTimes })),
      );
    }
    const form = this.postingForm(
      [
        field(
          t,
          { name: 'preferredTimes', label: 'callTimes', kind: 'textarea' },
          'preferredTimes',
          undefined,
        ),
      ],
      'callRequest',
      () => postReportCallSchema,
      '/patient/post-report-call',
    );
    return h('div', { class: 'call' }, heading, h('p', {}, t.t('callIntro')), form);
  }
}

const language = initialLanguage(localStorage.getItem(LANGUAGE_KEY), navigator.languages);
const token = takeToken();
// English is in the script; another language is fetched first (English if that fails).
const [first, firstUppy] = await Promise.all([
  loadLanguage(language).then(
    (pack) => new Translator(language, pack),
    () => new Translator('en'),
  ),
  loadUppyLocale(language),
]);
applyLanguage(first);
if (!token) {
  document.getElementById('loading')?.replaceWith(h('p', { role: 'alert' }, first.t('noToken')));
} else {
  const loading = document.getElementById('loading');
  if (loading) loading.textContent = first.t('loading');
  void new PatientPage(new PatientApi(token), first, firstUppy).start();
}
