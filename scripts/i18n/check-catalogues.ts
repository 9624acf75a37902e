/**
 * For translators: `npx tsx scripts/i18n/check-catalogues.ts [family] [tag]` lists what each
 * catalogue lacks or gets wrong against English (the same check `npm test` runs).
 */
import { compareCatalogue } from '../../functions/core/message-catalogue.js';
import { requiredLanguageTags } from '../../functions/core/patient-languages.js';
import { catalogueFamilies, readCatalogue } from './catalogues.js';

const [onlyFamily, onlyTag] = process.argv.slice(2);
let problems = 0;
for (const family of catalogueFamilies().filter((name) => !onlyFamily || name === onlyFamily)) {
  const source = readCatalogue(family, 'en') ?? {};
  for (const tag of requiredLanguageTags.filter((name) => !onlyTag || name === onlyTag)) {
    const findings = compareCatalogue(source, readCatalogue(family, tag) ?? {}, tag);
    const percent = (findings.coverage * 100).toFixed(1);
    console.log(`${family}/${tag}: ${percent}% of ${Object.keys(source).length} messages`);
    for (const key of findings.missing) console.log(`  missing ${key}`);
    for (const key of findings.extra) console.log(`  extra ${key}`);
    for (const { key, reason } of findings.broken) console.log(`  broken ${key}: ${reason}`);
    problems += findings.missing.length + findings.extra.length + findings.broken.length;
  }
}
process.exitCode = problems ? 1 : 0;
