import { describe, expect, it } from 'vitest';
import { useLocalBackend } from './harness';

const newHospital = {
  name: 'Example Proton Centre',
  type: 'modality-centre',
  city: 'Shanghai',
  timeZone: 'Asia/Shanghai',
  calendar: 'CN',
  cancerTypes: ['breast', 'lung'],
  modalities: ['proton-therapy', 'radiotherapy'],
  acceptsEnglishRecords: true,
  requiresCertifiedTranslation: false,
  certifiedTranslationOf: [],
  turnaroundBusinessDays: 3,
  expedited: null,
  contactEmail: 'referrals@proton.example',
  relayRegion: 'ap-east-1',
};

describe('the hospital directory and matching', () => {
  const local = useLocalBackend('directory');
  const coordinator = () => local.backend.endpoints.coordinatorToken;

  it('lists the sample directory, marked as sample, without contacts', async () => {
    const listed = await local.api.call('GET', '/hospitals', coordinator());
    expect(listed.status).toBe(200);
    const hospitals = listed.body.hospitals as Record<string, unknown>[];
    expect(hospitals).toHaveLength(3);
    for (const hospital of hospitals) {
      expect(hospital).toMatchObject({ sample: true, timeZone: 'Asia/Shanghai', relayRegion: 'ap-east-1' });
      expect(hospital).not.toHaveProperty('contactEmail');
    }
    expect(
      (await local.api.call('GET', '/hospitals', local.backend.endpoints.hospitals[0]!.token)).status,
    ).toBe(401);
  });

  it('creates and updates a hospital, validating what a coordinator enters', async () => {
    const invalid = await local.api.call('POST', '/hospitals', coordinator(), {
      ...newHospital,
      timeZone: 'Mars/Olympus',
      turnaroundBusinessDays: 9,
      expedited: { businessDays: 5, feeUsd: 100 },
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body.error.details as { path: string }[]).map((detail) => detail.path).sort()).toEqual([
      'timeZone',
      'turnaroundBusinessDays',
    ]);
    // One relay region per deployment: a hospital promised another would receive nothing.
    const elsewhere = await local.api.call('POST', '/hospitals', coordinator(), {
      ...newHospital,
      relayRegion: 'eu-west-1',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details).toEqual([
      { path: 'relayRegion', message: 'This deployment relays packages through ap-east-1.' },
    ]);
    const created = await local.api.call('POST', '/hospitals', coordinator(), newHospital);
    expect(created.status).toBe(201);
    expect(created.body.hospital).toMatchObject({ name: 'Example Proton Centre', sample: false });
    const id = created.body.hospital.hospitalId as string;
    const updated = await local.api.call('PUT', `/hospitals/${id}`, coordinator(), {
      ...newHospital,
      turnaroundBusinessDays: 5,
    });
    expect(updated.body.hospital.turnaroundBusinessDays).toBe(5);
    expect(
      (await local.api.call('PUT', '/hospitals/hosp_nosuchhospital', coordinator(), newHospital)).status,
    ).toBe(404);
    const listed = await local.api.call('GET', '/hospitals', coordinator());
    expect(
      (listed.body.hospitals as { hospitalId: string }[]).map((hospital) => hospital.hospitalId),
    ).toContain(id);
  });

  it('ranks hospitals for a case with the reasons for each rank', async () => {
    const created = await local.api.call('POST', '/cases', coordinator(), {
      patient: {
        fullName: 'Match Case',
        email: 'm@example.org',
        dateOfBirth: '1980-08-08',
        country: 'Chile',
        language: 'es',
      },
      cancerType: 'nasopharyngeal',
      question: 'Would proton therapy help?',
      requestedModalities: ['proton-therapy'],
    });
    const matches = await local.api.call(
      'GET',
      `/cases/${created.body.caseId}/hospital-matches`,
      coordinator(),
    );
    expect(matches.status).toBe(200);
    const [first] = matches.body.matches as { hospitalId: string; rank: number; reasons: string[] }[];
    expect(first).toMatchObject({ hospitalId: 'hosp_sample03guangzhou', rank: 1 });
    expect(first!.reasons).toContain('Offers what the case asks about: proton-therapy.');
  });
});
