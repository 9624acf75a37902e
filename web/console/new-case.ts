import { modalities } from '../../functions/core/hospital';
import { patientLanguages } from '../../functions/core/patient-languages';
import { createCaseSchema } from '../../functions/core/schemas';
import { issuesToDetails } from '../../functions/core/validation';
import { cancerTypes } from '../../functions/core/vocabulary';
import type { CreateCaseBody, CreatedCase } from './api-types';
import { CASE_PREFILL_KEY } from './calls';
import { type Messages, messages } from './i18n';
import {
  act,
  FORM_CHECK,
  fieldValue,
  form,
  h,
  labelled,
  messageRegion,
  select,
  showDone,
  showError,
  uniqueId,
} from './ui';
import { ApiError, type View, type ViewContext } from './view';

/**
 * New case: every field of POST /cases, checked first with the server's own schema (its
 * messages at the fields), then sent. The answer's patient link is shown once, with a Copy
 * button: it is the patient's credential, and the API never gives it again.
 */
/** A strategy call's visitor, as the calls view left them for this form (read once). */
function prefillFromCall(formElement: HTMLFormElement) {
  const stored = sessionStorage.getItem(CASE_PREFILL_KEY);
  if (!stored) return;
  sessionStorage.removeItem(CASE_PREFILL_KEY);
  const visitor = JSON.parse(stored) as Record<string, string>;
  const fill = (name: string, value: string | undefined) => {
    const control = formElement.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null;
    if (control && value) control.value = value;
  };
  fill('patient.fullName', visitor.fullName);
  fill('patient.email', visitor.email);
  fill('patient.country', visitor.country);
  fill('patient.language', visitor.language);
  fill('question', visitor.question);
  // The booking then names the case the call became.
  if (visitor.bookingId)
    formElement.append(h('input', { type: 'hidden', name: 'bookingId', value: visitor.bookingId }));
}

export const newCaseView: View = (root, ctx) => {
  const t = messages(ctx.lang);
  const region = messageRegion();
  const text = (name: string, label: string, attributes: Record<string, string> = {}, hint?: string) =>
    labelled(label, h('input', { name, type: 'text', ...attributes }), {
      path: name,
      ...(hint ? { hint } : {}),
    }).row;
  const languages = h(
    'datalist',
    { id: uniqueId('languages') },
    // The languages the patient's page and emails speak (the field takes any tag).
    patientLanguages.map(({ tag, name }) => h('option', { value: tag, label: `${name} (${tag})` })),
  );
  const modalityChoices = h(
    'fieldset',
    { class: 'choices', 'aria-describedby': 'modalities-hint' },
    h('legend', {}, t.modalities),
    h('p', { class: 'hint', id: 'modalities-hint' }, t.modalitiesHint),
    modalities.map((modality) =>
      checkbox('requestedModalities', modality, t.modalityNames[modality] ?? modality),
    ),
  );
  const submit = h('button', { type: 'submit' }, t.createCase);
  const element = form(
    { class: 'new-case', 'aria-labelledby': 'new-case-heading' },
    (formElement) => void create(formElement),
    h(
      'fieldset',
      {},
      h('legend', {}, t.patientGroup),
      text('patient.fullName', t.fullName, { autocomplete: 'off' }),
      text('patient.email', t.email, { inputmode: 'email', autocomplete: 'off', spellcheck: 'false' }),
      labelled(t.dateOfBirth, h('input', { name: 'patient.dateOfBirth', type: 'date' }), {
        path: 'patient.dateOfBirth',
      }).row,
      text('patient.country', t.country, { autocomplete: 'off' }),
      text(
        'patient.language',
        t.language,
        { list: languages.id, autocomplete: 'off', value: 'en' },
        t.languageHint,
      ),
      languages,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t.caseGroup),
      labelled(
        t.cancerType,
        select(
          cancerTypes,
          (type) => t.cancerTypes[type] ?? type,
          { name: 'cancerType' },
          t.chooseCancerType,
        ),
        { path: 'cancerType' },
      ).row,
      labelled(t.question, h('textarea', { name: 'question', rows: '4' }), {
        path: 'question',
        hint: t.questionHint,
      }).row,
      h(
        'div',
        { class: 'check' },
        checkbox('expedited', 'true', t.expedited, 'expedited-hint'),
        h('p', { class: 'hint', id: 'expedited-hint' }, t.expeditedHint),
      ),
      h(
        'div',
        { class: 'check' },
        checkbox('emailPatientLink', 'true', t.emailPatientLink, 'email-link-hint', true),
        h('p', { class: 'hint', id: 'email-link-hint' }, t.emailPatientLinkHint),
      ),
      modalityChoices,
    ),
    region,
    h('div', { class: 'actions' }, submit),
  );
  root.append(
    h('h1', { id: 'new-case-heading', tabindex: '-1' }, t.newCaseHeading),
    h('p', { class: 'intro' }, t.newCaseIntro),
    element,
  );
  prefillFromCall(element);

  async function create(formElement: HTMLFormElement) {
    const body = readForm(formElement);
    const checked = createCaseSchema.safeParse(body);
    if (!checked.success) {
      showError(
        region,
        t,
        new ApiError(400, FORM_CHECK, t.fieldsToFix, issuesToDetails(checked.error.issues)),
        formElement,
      );
      formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const created = await act(
      submit,
      region,
      t,
      () => ctx.api.send<CreatedCase>('POST', '/cases', checked.data),
      formElement,
    );
    if (created) showCreated(root, ctx, t, created, checked.data.emailPatientLink === true);
    else formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }
};

function checkbox(
  name: string,
  value: string,
  label: string,
  describedBy?: string,
  checked = false,
): HTMLElement {
  const id = uniqueId('check');
  return h(
    'div',
    { class: 'checkbox' },
    h('input', {
      type: 'checkbox',
      id,
      name,
      value,
      checked,
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    }),
    h('label', { for: id }, label),
  );
}

function readForm(formElement: HTMLFormElement): CreateCaseBody {
  const requested = [
    ...formElement.querySelectorAll<HTMLInputElement>('input[name="requestedModalities"]:checked'),
  ].map((input) => input.value);
  const ticked = (name: string) =>
    formElement.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.checked ?? false;
  const expedited = ticked('expedited');
  const emailPatientLink = ticked('emailPatientLink');
  const bookingId = fieldValue(formElement, 'bookingId');
  return {
    patient: {
      fullName: fieldValue(formElement, 'patient.fullName'),
      email: fieldValue(formElement, 'patient.email'),
      dateOfBirth: fieldValue(formElement, 'patient.dateOfBirth'),
      country: fieldValue(formElement, 'patient.country'),
      language: fieldValue(formElement, 'patient.language'),
    },
    cancerType: fieldValue(formElement, 'cancerType') as CreateCaseBody['cancerType'],
    question: fieldValue(formElement, 'question'),
    ...(expedited ? { expedited } : {}),
    ...(emailPatientLink ? { emailPatientLink } : {}),
    ...(bookingId ? { bookingId } : {}),
    ...(requested.length > 0
      ? { requestedModalities: requested as CreateCaseBody['requestedModalities'] }
      : {}),
  };
}

/** The patient link, once: a read-only field to select, a Copy button, and where to go next. */
function showCreated(
  root: HTMLElement,
  ctx: ViewContext,
  t: Messages,
  created: CreatedCase,
  emailed: boolean,
) {
  const copyRegion = messageRegion();
  const link = labelled(
    t.patientLink,
    h('input', {
      type: 'text',
      readonly: true,
      value: created.patientLink,
      class: 'link',
      spellcheck: 'false',
    }),
    { hint: t.patientLinkOnce },
  );
  const heading = h('h2', { tabindex: '-1' }, t.caseCreated(created.caseId));
  const copy = h(
    'button',
    { type: 'button', onclick: () => void copyLink(link.control, copyRegion, t) },
    t.copy,
  );
  root.replaceChildren(
    h('h1', { tabindex: '-1' }, t.newCaseHeading),
    h(
      'section',
      { class: 'card created', 'aria-labelledby': 'created-heading', 'data-case': created.caseId },
      Object.assign(heading, { id: 'created-heading' }),
      emailed ? h('div', { class: 'message', 'data-kind': 'ok' }, h('p', {}, t.patientLinkEmailed)) : null,
      h('div', { class: 'copy-row' }, link.row, copy),
      copyRegion,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => ctx.navigate(`/cases/${created.caseId}`) }, t.openCase),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => ctx.navigate('/cases/new') },
          t.anotherCase,
        ),
      ),
    ),
  );
  heading.focus();
  ctx.announce(t.caseCreated(created.caseId));
}

async function copyLink(input: HTMLInputElement, region: HTMLElement, t: Messages) {
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    showDone(region, t.copied);
  } catch {
    // No clipboard permission: the link is selected for copying by hand.
    region.dataset.kind = 'error';
    region.textContent = t.copyFailed;
  }
}
