/**
 * The latest calendar date anywhere on Earth right now (UTC+14). Dates a patient enters are
 * checked against it, so "no future dates" never refuses today in the patient's own zone.
 */
export function latestTodayAnywhere(now = new Date()): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}
