/** Data files the functions read at run time. */

/** Data files that functions read at run time: one path in the repo, one beside the bundle. */
export const packageAssets = {
  terminology: { source: 'terminology', bundlePath: 'terminology', envVar: 'TERMINOLOGY_DIR' },
  summaryFont: {
    source: 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
    bundlePath: 'fonts/NotoSansSC_400Regular.ttf',
    envVar: 'SUMMARY_FONT',
  },
  /** The receipts' fonts beside summaryFont's Chinese: Latin, Cyrillic and Vietnamese; Arabic; Thai. */
  receiptLatinFont: {
    source: 'node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    bundlePath: 'fonts/NotoSans_400Regular.ttf',
    envVar: 'RECEIPT_LATIN_FONT',
  },
  receiptArabicFont: {
    source: 'node_modules/@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
    bundlePath: 'fonts/NotoSansArabic_400Regular.ttf',
    envVar: 'RECEIPT_ARABIC_FONT',
  },
  receiptThaiFont: {
    source: 'node_modules/@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf',
    bundlePath: 'fonts/NotoSansThai_400Regular.ttf',
    envVar: 'RECEIPT_THAI_FONT',
  },
  /** The patient upload page, built by esbuild (web/build.ts) before synth and before the local start. */
  patientPage: { source: '.build/patient-page', bundlePath: 'patient-page', envVar: 'PATIENT_PAGE_DIR' },
  /** The public booking page for the strategy call, built the same way (web/build.ts). */
  bookingPage: { source: '.build/booking-page', bundlePath: 'booking-page', envVar: 'BOOKING_PAGE_DIR' },
  /** The coordinator console, built the same way (web/build.ts). */
  consolePage: { source: '.build/console-page', bundlePath: 'console-page', envVar: 'CONSOLE_PAGE_DIR' },
  /** The hospital portal, built the same way; its DICOM viewer is a chunk of its own (web/build.ts). */
  hospitalPage: { source: '.build/hospital-page', bundlePath: 'hospital-page', envVar: 'HOSPITAL_PAGE_DIR' },
  /**
   * The OCR engine for scanned reports: tesseract.js and its worker bundled as CommonJS, the
   * tesseract.js-core WebAssembly and the English and Simplified Chinese language data
   * (scripts/build-ocr-engine.ts, before synth and before the local start).
   */
  ocrEngine: { source: '.build/ocr-engine', bundlePath: 'ocr-engine', envVar: 'OCR_ENGINE_DIR' },
} as const;

export type PackageAssetName = keyof typeof packageAssets;
