import * as z from 'zod';
import { specialistNotedLimits } from './opinion-limits';

/**
 * The specialist's structured opinion, the limits of a remote review, and how the opinion
 * compares with the home oncologist's plan. Pure: schemas and comparisons only.
 */

export {
  type RemoteReviewLimit,
  remoteReviewLimitIds,
  remoteReviewLimits,
  specialistNotedLimits,
} from './opinion-limits';

export const travelReasons = {
  'novel-drug': 'a drug not yet available where you live',
  'clinical-trial': 'a clinical trial',
  'rare-cancer-volume': 'experience with many cases of this rare cancer',
  'proton-therapy': 'proton therapy',
  'advanced-surgery': 'an advanced surgical procedure',
  other: 'another reason the specialist explains',
} as const;

/** Courses of treatment, for comparing the opinion with the home plan. */
export const treatmentPaths = {
  'continue-current-plan': 'continuing the current plan',
  surgery: 'surgery',
  radiotherapy: 'radiotherapy',
  'proton-therapy': 'proton therapy',
  'systemic-therapy': 'drug treatment (chemotherapy, targeted therapy or immunotherapy)',
  'clinical-trial': 'a clinical trial',
  'active-surveillance': 'active surveillance',
  'palliative-care': 'care focused on comfort and quality of life',
  other: 'another approach',
} as const;
export type TreatmentPath = keyof typeof treatmentPaths;
const pathIds = Object.keys(treatmentPaths) as [TreatmentPath, ...TreatmentPath[]];

const text = (max: number) => z.string().trim().min(1).max(max);

/** A trial registry id: ClinicalTrials.gov (NCT…) or the Chinese Clinical Trial Registry (ChiCTR…). */
const trialId = z
  .string()
  .trim()
  .regex(
    /^(NCT\d{8}|ChiCTR\d{10}|ChiCTR-[A-Z]{2,4}-\d{8})$/,
    'Use a registry id such as NCT01234567 or ChiCTR2400081234.',
  );

const travelReason = z
  .strictObject({
    reason: z.enum(
      Object.keys(travelReasons) as [keyof typeof travelReasons, ...(keyof typeof travelReasons)[]],
    ),
    trialId: trialId.optional(),
    detail: text(1000).optional(),
  })
  .refine((entry) => entry.reason !== 'clinical-trial' || entry.trialId, {
    message: 'Give the trial’s registry id.',
    path: ['trialId'],
  })
  .refine((entry) => entry.reason !== 'other' || entry.detail, {
    message: 'Explain the reason.',
    path: ['detail'],
  });

const common = {
  stagingAgreement: z
    .strictObject({
      agrees: z.boolean(),
      /** The specialist's staging where it differs. */
      specialistStaging: text(100).optional(),
      note: text(1000).optional(),
    })
    .refine((entry) => entry.agrees || entry.specialistStaging, {
      message: 'Give the staging the specialist arrives at.',
      path: ['specialistStaging'],
    }),
  /** The course the specialist recommends. */
  recommendedPath: z.enum(pathIds),
  optionsRecommended: z.array(text(500)).max(10).default([]),
  limitsNoted: z
    .array(
      z.enum(
        Object.keys(specialistNotedLimits) as [
          keyof typeof specialistNotedLimits,
          ...(keyof typeof specialistNotedLimits)[],
        ],
      ),
    )
    .max(3)
    .default([]),
};

export const opinionSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('travel-recommended'),
    travelReasons: z.array(travelReason).min(1).max(6),
    ...common,
  }),
  z.strictObject({ outcome: z.literal('current-plan-optimal'), ...common }),
  z.strictObject({
    outcome: z.literal('more-information-needed'),
    /** What the specialist needs to give an opinion. */
    informationNeeded: z.array(text(500)).min(1).max(10),
    ...common,
  }),
]);
export type Opinion = z.output<typeof opinionSchema>;

/** The home oncologist's plan, as the patient recorded it at intake. */
export const homePlanSchema = z.strictObject({
  recommendedPath: z.enum(pathIds),
  summary: text(2000),
});
export type HomePlan = z.output<typeof homePlanSchema>;

export interface DivergencePoint {
  readonly kind: 'staging' | 'recommended-path';
  readonly home: string;
  readonly opinion: string;
}

/**
 * Where the opinion departs from what the case held before it: the staging the specialist
 * disagrees with, and a recommended course other than the home oncologist's.
 */
export function divergence(opinion: Opinion, home: { stage?: string; plan?: HomePlan }): DivergencePoint[] {
  const points: DivergencePoint[] = [];
  if (!opinion.stagingAgreement.agrees) {
    points.push({
      kind: 'staging',
      home: home.stage ?? 'not recorded',
      opinion: opinion.stagingAgreement.specialistStaging ?? 'differs',
    });
  }
  if (home.plan && home.plan.recommendedPath !== opinion.recommendedPath) {
    points.push({
      kind: 'recommended-path',
      home: treatmentPaths[home.plan.recommendedPath],
      opinion: treatmentPaths[opinion.recommendedPath],
    });
  }
  return points;
}

/**
 * A draft plain-language summary assembled only from the structured fields (nothing invented):
 * the coordinator edits it before the patient sees it.
 */
export function draftSummary(
  opinion: Opinion,
  hospitalName: string,
  specialist: { name: string; department: string },
): string {
  const lines: string[] = [];
  lines.push(`${specialist.name} (${specialist.department}, ${hospitalName}) has reviewed your records.`);
  if (opinion.outcome === 'current-plan-optimal') {
    lines.push('The specialist’s view is that your current treatment plan is the right one.');
  } else if (opinion.outcome === 'travel-recommended') {
    const reasons = opinion.travelReasons.map((entry) =>
      entry.reason === 'clinical-trial' && entry.trialId
        ? `${travelReasons[entry.reason]} (${entry.trialId})`
        : travelReasons[entry.reason],
    );
    lines.push(
      `The specialist suggests you consider travelling for treatment, because of: ${reasons.join('; ')}.`,
    );
  } else {
    lines.push('The specialist needs more information before giving an opinion:');
    for (const item of opinion.informationNeeded) lines.push(`- ${item}`);
  }
  lines.push(`Recommended course: ${treatmentPaths[opinion.recommendedPath]}.`);
  if (opinion.optionsRecommended.length > 0) {
    lines.push('Options the specialist recommends:');
    for (const option of opinion.optionsRecommended) lines.push(`- ${option}`);
  }
  lines.push(
    opinion.stagingAgreement.agrees
      ? 'The specialist agrees with the stage of your cancer as recorded.'
      : `The specialist stages your cancer differently: ${opinion.stagingAgreement.specialistStaging}.`,
  );
  if (opinion.limitsNoted.length > 0) {
    lines.push('What this remote review could not settle:');
    for (const limit of opinion.limitsNoted) lines.push(`- ${specialistNotedLimits[limit]}`);
  }
  lines.push('Please discuss this opinion with your own oncologist before changing any treatment.');
  return lines.join('\n');
}
