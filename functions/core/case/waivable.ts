/** Consent is the patient's own decision: no coordinator may waive it. (Apart, so the console imports only this.) */
export const isWaivable = (gapId: string): boolean => !gapId.startsWith('consent:');
