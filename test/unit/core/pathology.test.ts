import { describe, expect, it } from 'vitest';
import { extractDiagnosis, missingFromDiagnosis } from '../../../functions/core/pathology';

describe('extractDiagnosis', () => {
  it('reads a breast pathology report', () => {
    const text = `SURGICAL PATHOLOGY REPORT
      Diagnosis: Left breast, lumpectomy: Invasive ductal carcinoma, Nottingham grade 2 (of 3).
      Pathologic stage: pT2 N1a M0, Stage IIB.
      Estrogen receptor: Positive (95%). Progesterone receptor: Positive, 60%.
      HER2 (IHC): 3+ . Ki-67: 25%.`;
    const diagnosis = extractDiagnosis(text, 'breast', 'doc_1');
    expect(diagnosis).toEqual({
      histology: 'invasive ductal carcinoma',
      grade: 'Grade 2',
      stage: 'pT2N1aM0, Stage IIB',
      markers: [
        { name: 'ER', result: 'Positive (95%)' },
        { name: 'PR', result: 'Positive, 60%' },
        { name: 'HER2', result: '3+' },
        { name: 'Ki-67', result: '25%' },
      ],
      source: { kind: 'extracted', documentId: 'doc_1' },
    });
    expect(missingFromDiagnosis(diagnosis, 'breast')).toEqual([]);
  });

  it('reads a lung report and names what it does not state', () => {
    const text = `Right upper lobe, biopsy: Adenocarcinoma, acinar-predominant, poorly differentiated.
      EGFR: exon 19 deletion detected. ALK (D5F3): negative. PD-L1 TPS 60%.`;
    const diagnosis = extractDiagnosis(text, 'lung', 'doc_2');
    expect(diagnosis.histology).toBe('adenocarcinoma');
    expect(diagnosis.subtype).toBe('acinar-predominant');
    expect(diagnosis.grade).toBe('poorly differentiated');
    expect(diagnosis.markers).toEqual([
      { name: 'EGFR', result: 'exon 19 deletion' },
      { name: 'ALK', result: 'negative' },
      { name: 'PD-L1', result: 'TPS 60%' },
    ]);
    expect(missingFromDiagnosis(diagnosis, 'lung').map((gap) => gap.message)).toEqual([
      'The pathology report does not state the stage.',
      'The pathology report does not state ROS1 status.',
      'The pathology report does not state MET status.',
    ]);
  });

  it('reads colorectal molecular results and MSI', () => {
    const text =
      'Adenocarcinoma of the sigmoid colon, G2, pT3 N0 M0. KRAS: G12D mutation. BRAF: wild-type. NRAS wild type. Microsatellite status: MSS (pMMR).';
    const diagnosis = extractDiagnosis(text, 'colorectal', 'doc_3');
    expect(diagnosis.grade).toBe('Grade 2');
    expect(diagnosis.markers).toEqual([
      { name: 'KRAS', result: 'G12D' },
      { name: 'NRAS', result: 'wild type' },
      { name: 'BRAF', result: 'wild-type' },
      { name: 'MSI/MMR', result: 'MSS' },
    ]);
  });

  it('does not take a result from another sentence', () => {
    const diagnosis = extractDiagnosis(
      'HER2 testing was requested. The margins are negative.',
      'breast',
      'doc_4',
    );
    expect(diagnosis.markers).toEqual([]);
    expect(missingFromDiagnosis(diagnosis, 'breast').map((gap) => gap.key)).toEqual([
      'histology',
      'grade',
      'stage',
      'marker:ER',
      'marker:PR',
      'marker:HER2',
    ]);
  });
});
