/**
 * The emotions we score and how the 27 GoEmotions labels (+ neutral) group into them
 * (Demszky et al., "GoEmotions", ACL 2020, Ekman grouping).
 */

/** Ekman's six, neutral, and excitement (kept from the seed's pattern engine). */
export const EMOTIONS = [
  'anger',
  'disgust',
  'fear',
  'joy',
  'sadness',
  'surprise',
  'neutral',
  'excitement',
] as const;
export type Emotion = (typeof EMOTIONS)[number];

/** The seven classes of the published Ekman-level evaluation (excitement is not one of them). */
export const EKMAN_CLASSES = ['anger', 'disgust', 'fear', 'joy', 'sadness', 'surprise', 'neutral'] as const;
export type EkmanClass = (typeof EKMAN_CLASSES)[number];

const GROUPS: Record<EkmanClass, readonly string[]> = {
  anger: ['anger', 'annoyance', 'disapproval'],
  disgust: ['disgust'],
  fear: ['fear', 'nervousness'],
  joy: [
    'joy',
    'amusement',
    'approval',
    'excitement',
    'gratitude',
    'love',
    'optimism',
    'relief',
    'pride',
    'admiration',
    'desire',
    'caring',
  ],
  sadness: ['sadness', 'disappointment', 'embarrassment', 'grief', 'remorse'],
  surprise: ['surprise', 'realization', 'confusion', 'curiosity'],
  neutral: ['neutral'],
};

const EKMAN_OF: ReadonlyMap<string, EkmanClass> = new Map(
  EKMAN_CLASSES.flatMap((c) => GROUPS[c].map((label): [string, EkmanClass] => [label, c])),
);

/** The 28 GoEmotions labels. */
export const GOEMOTIONS_LABELS: readonly string[] = [...EKMAN_OF.keys()].sort();

/** Ekman class of a GoEmotions label, or undefined for an unknown label. */
export function ekmanOf(label: string): EkmanClass | undefined {
  return EKMAN_OF.get(label);
}
