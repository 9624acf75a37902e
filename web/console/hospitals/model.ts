import { type Hospital, hospitalInputSchema } from '../../../functions/core/hospital';
import type { HospitalsText } from './text';

/**
 * The hospital directory's pure parts: the form's values and the body they become, field
 * problems in the coordinator's language (checked with the server's own schema first), errors
 * in plain words and the token table's dates. No DOM here, so unit tests run it in Node.
 */

export type Lang = 'en' | 'zh-Hans';

/** GET /hospitals lists hospitals without their contact email (it may come later: then it prefills). */
export type HospitalListing = Omit<Hospital, 'contactEmail'> & { readonly contactEmail?: string };

export interface HospitalToken {
  readonly tokenId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** POST …/tokens and …/tokens/rotate: the secret is in this answer only. */
export interface IssuedToken {
  readonly token: string;
  readonly tokenId: string;
  readonly expiresAt: string;
  readonly previousTokensExpireAt?: string;
  readonly previousTokens?: number;
}

export type HospitalFieldKey =
  | 'name'
  | 'type'
  | 'city'
  | 'contactEmail'
  | 'cancerTypes'
  | 'modalities'
  | 'acceptsEnglishRecords'
  | 'requiresCertifiedTranslation'
  | 'certifiedTranslationOf'
  | 'turnaroundBusinessDays'
  | 'expeditedBusinessDays'
  | 'expeditedFeeUsd'
  | 'timeZone'
  | 'calendar'
  | 'relayRegion';

/** What the form holds: text as typed, choices as lists, switches as booleans. */
export interface HospitalForm {
  name: string;
  type: string;
  city: string;
  contactEmail: string;
  cancerTypes: string[];
  modalities: string[];
  acceptsEnglishRecords: boolean;
  requiresCertifiedTranslation: boolean;
  certifiedTranslationOf: string[];
  turnaroundBusinessDays: string;
  offersExpedited: boolean;
  expeditedBusinessDays: string;
  expeditedFeeUsd: string;
  timeZone: string;
  calendar: string;
  relayRegion: string;
}

/** The region most hospitals already use: a deployment relays through one region. */
export function usualRelayRegion(hospitals: readonly HospitalListing[]): string {
  const counts = new Map<string, number>();
  for (const hospital of hospitals)
    counts.set(hospital.relayRegion, (counts.get(hospital.relayRegion) ?? 0) + 1);
  let best = '';
  for (const [region, count] of counts) if (count > (counts.get(best) ?? 0)) best = region;
  return best;
}

export function blankForm(hospitals: readonly HospitalListing[]): HospitalForm {
  return {
    name: '',
    type: 'cancer-specialty',
    city: '',
    contactEmail: '',
    cancerTypes: [],
    modalities: [],
    acceptsEnglishRecords: true,
    requiresCertifiedTranslation: false,
    certifiedTranslationOf: [],
    turnaroundBusinessDays: '5',
    offersExpedited: false,
    expeditedBusinessDays: '',
    expeditedFeeUsd: '',
    timeZone: 'Asia/Shanghai',
    calendar: 'CN',
    relayRegion: usualRelayRegion(hospitals),
  };
}

export function formFromHospital(hospital: HospitalListing): HospitalForm {
  return {
    name: hospital.name,
    type: hospital.type,
    city: hospital.city,
    contactEmail: hospital.contactEmail ?? '',
    cancerTypes: [...hospital.cancerTypes],
    modalities: [...hospital.modalities],
    acceptsEnglishRecords: hospital.acceptsEnglishRecords,
    requiresCertifiedTranslation: hospital.requiresCertifiedTranslation,
    certifiedTranslationOf: [...hospital.certifiedTranslationOf],
    turnaroundBusinessDays: String(hospital.turnaroundBusinessDays),
    offersExpedited: hospital.expedited !== null,
    expeditedBusinessDays: hospital.expedited ? String(hospital.expedited.businessDays) : '',
    expeditedFeeUsd: hospital.expedited ? String(hospital.expedited.feeUsd) : '',
    timeZone: hospital.timeZone,
    calendar: hospital.calendar,
    relayRegion: hospital.relayRegion,
  };
}

/** A typed number, or NaN for anything else (empty included), which the schema refuses. */
function numberOf(typed: string): number {
  const trimmed = typed.trim().replace(/,/g, '');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** The body of POST /hospitals and PUT /hospitals/{id}. */
export function bodyFromForm(form: HospitalForm) {
  return {
    name: form.name.trim(),
    type: form.type,
    city: form.city.trim(),
    timeZone: form.timeZone.trim(),
    calendar: form.calendar.trim().toUpperCase(),
    cancerTypes: form.cancerTypes,
    modalities: form.modalities,
    acceptsEnglishRecords: form.acceptsEnglishRecords,
    requiresCertifiedTranslation: form.requiresCertifiedTranslation,
    // Kept in the form while unticked (ticking again brings them back), never sent then.
    certifiedTranslationOf: form.requiresCertifiedTranslation ? form.certifiedTranslationOf : [],
    turnaroundBusinessDays: numberOf(form.turnaroundBusinessDays),
    expedited: form.offersExpedited
      ? { businessDays: numberOf(form.expeditedBusinessDays), feeUsd: numberOf(form.expeditedFeeUsd) }
      : null,
    contactEmail: form.contactEmail.trim(),
    relayRegion: form.relayRegion.trim().toLowerCase(),
  };
}

export interface FieldProblem {
  readonly field: HospitalFieldKey;
  readonly message: string;
}

/** The form field an API detail path (`expedited.businessDays`, `cancerTypes.2`) belongs to. */
export function fieldOfPath(path: string | undefined): HospitalFieldKey | undefined {
  if (!path) return undefined;
  if (path === 'expedited' || path.startsWith('expedited.businessDays')) return 'expeditedBusinessDays';
  if (path.startsWith('expedited.feeUsd')) return 'expeditedFeeUsd';
  const head = path.split('.')[0] as HospitalFieldKey;
  const known: readonly HospitalFieldKey[] = [
    'name',
    'type',
    'city',
    'contactEmail',
    'cancerTypes',
    'modalities',
    'acceptsEnglishRecords',
    'requiresCertifiedTranslation',
    'certifiedTranslationOf',
    'turnaroundBusinessDays',
    'timeZone',
    'calendar',
    'relayRegion',
  ];
  return known.includes(head) ? head : undefined;
}

const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * The coordinator's wording of what is wrong with a field, from the values themselves (so the
 * same words whether the browser or the server found it). `serverMessage` only names the
 * deployment's relay region, which the browser cannot know.
 */
export function problemMessage(
  field: HospitalFieldKey,
  form: HospitalForm,
  text: HospitalsText,
  serverMessage = '',
): string {
  const errors = text.fieldErrors;
  if (field === 'expeditedBusinessDays') {
    const days = numberOf(form.expeditedBusinessDays);
    const inRange = Number.isInteger(days) && days >= 1 && days <= 7;
    return inRange ? errors.expeditedNotFaster : errors.expeditedBusinessDays;
  }
  if (field === 'relayRegion') {
    const deployment = /through ([a-z0-9-]+)/.exec(serverMessage)?.[1];
    if (deployment && regionPattern.test(form.relayRegion.trim().toLowerCase())) {
      return errors.relayRegionDeployment(deployment);
    }
    return errors.relayRegion;
  }
  return errors[field];
}

/** One problem per field, in the form's order. */
function problemsOf(
  entries: readonly { path?: string; message?: string }[],
  form: HospitalForm,
  text: HospitalsText,
): FieldProblem[] {
  const seen = new Map<HospitalFieldKey, FieldProblem>();
  for (const entry of entries) {
    const field = fieldOfPath(entry.path);
    if (!field || seen.has(field)) continue;
    seen.set(field, { field, message: problemMessage(field, form, text, entry.message) });
  }
  const order = Object.keys(text.fields) as HospitalFieldKey[];
  return [...seen.values()].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

/** Checks the form with the schema the server applies; an empty list means the body will be accepted. */
export function checkForm(form: HospitalForm, text: HospitalsText): FieldProblem[] {
  const result = hospitalInputSchema.safeParse(bodyFromForm(form));
  if (result.success) return [];
  return problemsOf(
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    form,
    text,
  );
}

/** The field problems of a 400 the server answered with (its `details`). */
export function problemsFromDetails(
  details: readonly { path?: string; message: string }[],
  form: HospitalForm,
  text: HospitalsText,
): FieldProblem[] {
  return problemsOf(details, form, text);
}

export interface ApiFailure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * An error the API answered, in plain words. `about` says what a 404 is about. A refusal the
 * console has no words of its own for keeps the server's message (written for people, never
 * internals) after a sentence in the coordinator's language.
 */
export function describeFailure(error: ApiFailure, text: HospitalsText, about: 'hospital' | 'token'): string {
  const words = text.errors;
  if (error.status === 0) return words.network;
  if (error.status === 401) return words.unauthorized;
  if (error.status === 403) return words.forbidden;
  if (error.status === 404) return about === 'token' ? words.tokenGone : words.hospitalGone;
  if (error.status === 409) return words.conflict;
  if (error.status === 429) return words.tooMany;
  if (error.status >= 500) return words.server;
  return error.message ? `${words.other} ${words.serverSaid(error.message)}` : words.other;
}

const locales: Record<Lang, string> = { en: 'en-GB', 'zh-Hans': 'zh-Hans-CN' };
export const localeOf = (lang: Lang) => locales[lang];

export function formatDateTime(iso: string, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(locales[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** "in 40 minutes", "in 23 hours", "in 89 days": hours under two days, so an overlap's end reads exactly. */
export function relativeTime(iso: string, nowMs: number, lang: Lang): string {
  const seconds = (new Date(iso).getTime() - nowMs) / 1000;
  const format = new Intl.RelativeTimeFormat(locales[lang], { numeric: 'auto' });
  if (Math.abs(seconds) < 45 * 60) return format.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 48 * 3600) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

export function formatUsd(amount: number, lang: Lang): string {
  return new Intl.NumberFormat(locales[lang], {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'symbol',
    maximumFractionDigits: 2,
    minimumFractionDigits: 0,
  }).format(amount);
}

/** The directory's turnaround cell: "5 business days · expedited 3 (US$1,200)". */
export function turnaroundSummary(hospital: HospitalListing, text: HospitalsText, lang: Lang): string {
  const normal = text.turnaround(hospital.turnaroundBusinessDays);
  const expedited = hospital.expedited
    ? text.expeditedShort(hospital.expedited.businessDays, formatUsd(hospital.expedited.feeUsd, lang))
    : text.noExpedited;
  return `${normal} · ${expedited}`;
}

/** Newest first: the token just issued is on top. */
export function sortTokens(tokens: readonly HospitalToken[]): HospitalToken[] {
  return [...tokens].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || a.tokenId.localeCompare(b.tokenId),
  );
}

/** Hospitals by name in the coordinator's language's collation. */
export function sortHospitals(hospitals: readonly HospitalListing[], lang: Lang): HospitalListing[] {
  const collator = new Intl.Collator(locales[lang]);
  return [...hospitals].sort((a, b) => collator.compare(a.name, b.name));
}

/** A whole number typed into a small field, within bounds; undefined otherwise. */
export function wholeNumberIn(typed: string, min: number, max: number): number | undefined {
  const value = numberOf(typed);
  return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}
