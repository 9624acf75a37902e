import {
  specialistNotedLimits,
  type TreatmentPath,
  travelReasons,
  treatmentPaths,
} from '../../../functions/core/opinion';
import type { Outcome } from '../../../functions/core/vocabulary';
import { outcomes } from '../../../functions/core/vocabulary';

/**
 * What the specialist has typed so far, as plain data, and how it becomes the body the report
 * route takes. No DOM here: the view keeps a draft, the unit tests build one by hand.
 */
export type TravelReason = keyof typeof travelReasons;
export type NotedLimit = keyof typeof specialistNotedLimits;
export const travelReasonIds = Object.keys(travelReasons) as TravelReason[];
export const treatmentPathIds = Object.keys(treatmentPaths) as TreatmentPath[];
export const notedLimitIds = Object.keys(specialistNotedLimits) as NotedLimit[];
export const outcomeIds: readonly Outcome[] = outcomes;

/** One line of a list the specialist adds to and removes from; the id keeps its field when others go. */
export interface ListItem {
  readonly id: number;
  text: string;
}

export interface OpinionDraft {
  outcome: Outcome | '';
  travel: Record<TravelReason, { chosen: boolean; trialId: string; detail: string }>;
  informationNeeded: ListItem[];
  stagingAgrees: 'yes' | 'no' | '';
  specialistStaging: string;
  stagingNote: string;
  recommendedPath: TreatmentPath | '';
  options: ListItem[];
  limits: NotedLimit[];
  specialistName: string;
  department: string;
  language: 'en' | 'zh';
}

let nextItem = 0;
export const listItem = (text = ''): ListItem => ({ id: ++nextItem, text });

export function emptyDraft(language: 'en' | 'zh'): OpinionDraft {
  return {
    outcome: '',
    travel: Object.fromEntries(
      travelReasonIds.map((reason) => [reason, { chosen: false, trialId: '', detail: '' }]),
    ) as OpinionDraft['travel'],
    informationNeeded: [listItem()],
    stagingAgrees: '',
    specialistStaging: '',
    stagingNote: '',
    recommendedPath: '',
    options: [listItem()],
    limits: [],
    specialistName: '',
    department: '',
    language,
  };
}

/**
 * Keys name the form's controls (`data-field`); `keys` maps each path of the body to the key of
 * the control it came from, so a schema issue at `opinion.travelReasons.0.trialId` finds the
 * registry-id field of whichever reason came first.
 */
export interface Built {
  readonly body: Record<string, unknown>;
  readonly keys: ReadonlyMap<string, string>;
}

/** Empty text is left out: optional fields are absent, required ones then fail as missing. */
const filled = (value: string) => (value.trim() === '' ? undefined : value);

function lines(items: readonly ListItem[], path: string, key: string, keys: Map<string, string>) {
  const kept = items.filter((item) => item.text.trim() !== '');
  for (const [index, item] of kept.entries()) keys.set(`${path}.${index}`, `${key}:${item.id}`);
  return kept.map((item) => item.text);
}

/** The report route's body from a draft and the uploaded PDF's id. */
export function buildReportBody(draft: OpinionDraft, uploadId: string | undefined): Built {
  const keys = new Map<string, string>([
    ['uploadId', 'pdf'],
    ['specialist', 'specialistName'],
    ['specialist.name', 'specialistName'],
    ['specialist.department', 'department'],
    ['language', 'language'],
    ['opinion', 'outcome'],
    ['opinion.outcome', 'outcome'],
    ['opinion.stagingAgreement', 'stagingAgrees'],
    ['opinion.stagingAgreement.agrees', 'stagingAgrees'],
    ['opinion.stagingAgreement.specialistStaging', 'specialistStaging'],
    ['opinion.stagingAgreement.note', 'stagingNote'],
    ['opinion.recommendedPath', 'recommendedPath'],
    ['opinion.optionsRecommended', 'options'],
    ['opinion.limitsNoted', 'limits'],
  ]);
  const opinion: Record<string, unknown> = {
    outcome: draft.outcome === '' ? undefined : draft.outcome,
    stagingAgreement: {
      agrees: draft.stagingAgrees === '' ? undefined : draft.stagingAgrees === 'yes',
      ...(draft.stagingAgrees === 'no' ? { specialistStaging: filled(draft.specialistStaging) } : {}),
      note: filled(draft.stagingNote),
    },
    recommendedPath: draft.recommendedPath === '' ? undefined : draft.recommendedPath,
    optionsRecommended: lines(draft.options, 'opinion.optionsRecommended', 'option', keys),
    limitsNoted: notedLimitIds.filter((limit) => draft.limits.includes(limit)),
  };
  if (draft.outcome === 'travel-recommended') {
    keys.set('opinion.travelReasons', 'travelReasons');
    const chosen = travelReasonIds.filter((reason) => draft.travel[reason].chosen);
    opinion.travelReasons = chosen.map((reason, index) => {
      const entry = draft.travel[reason];
      keys.set(`opinion.travelReasons.${index}`, `travel:${reason}`);
      keys.set(`opinion.travelReasons.${index}.trialId`, `travel:${reason}:trialId`);
      keys.set(`opinion.travelReasons.${index}.detail`, `travel:${reason}:detail`);
      return {
        reason,
        ...(reason === 'clinical-trial' ? { trialId: filled(entry.trialId) } : {}),
        detail: filled(entry.detail),
      };
    });
  }
  if (draft.outcome === 'more-information-needed') {
    keys.set('opinion.informationNeeded', 'informationNeeded');
    opinion.informationNeeded = lines(
      draft.informationNeeded,
      'opinion.informationNeeded',
      'information',
      keys,
    );
  }
  return {
    body: {
      uploadId: uploadId ?? '',
      specialist: { name: draft.specialistName, department: draft.department },
      language: draft.language,
      opinion: dropUndefined(opinion),
    },
    keys,
  };
}

/** The addendum route's body: the answers typed (empty ones left out) and the uploaded PDF's id. */
export function buildAddendumBody(
  answers: readonly { questionId: string; text: string }[],
  uploadId: string | undefined,
): Built {
  const keys = new Map<string, string>([
    ['uploadId', 'pdf'],
    ['answers', 'answers'],
  ]);
  const given = answers.filter((answer) => answer.text.trim() !== '');
  for (const [index, answer] of given.entries()) {
    keys.set(`answers.${index}`, `answer:${answer.questionId}`);
    keys.set(`answers.${index}.answer`, `answer:${answer.questionId}`);
  }
  return {
    body: {
      uploadId: uploadId ?? '',
      answers: given.map((answer) => ({ questionId: answer.questionId, answer: answer.text })),
    },
    keys,
  };
}

/** JSON would drop them anyway; strict schemas must not see them as present. */
function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .map(([name, entry]) => [
        name,
        Array.isArray(entry)
          ? entry.map((item) =>
              item && typeof item === 'object' ? dropUndefined(item as Record<string, unknown>) : item,
            )
          : entry && typeof entry === 'object'
            ? dropUndefined(entry as Record<string, unknown>)
            : entry,
      ]),
  );
}

/** The key of the control a schema issue's path belongs to: the longest known prefix. */
export function keyFor(keys: ReadonlyMap<string, string>, path: readonly PropertyKey[]): string | undefined {
  for (let length = path.length; length > 0; length -= 1) {
    const key = keys.get(path.slice(0, length).map(String).join('.'));
    if (key) return key;
  }
  return undefined;
}
