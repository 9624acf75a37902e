/** CT window presets (width and centre in HU), as radiology reading rooms commonly set them. */
export const windowPresets = {
  lung: { width: 1500, center: -600 },
  mediastinum: { width: 350, center: 50 },
  bone: { width: 1800, center: 400 },
  brain: { width: 80, center: 40 },
  abdomen: { width: 400, center: 50 },
  liver: { width: 150, center: 30 },
} as const;

export type PresetName = keyof typeof windowPresets;
export const presetNames = Object.keys(windowPresets) as PresetName[];

/** Cornerstone's VOI range for a window: the HU values shown from black to white. */
export function voiRange(window: { width: number; center: number }) {
  return { lower: window.center - window.width / 2, upper: window.center + window.width / 2 };
}
