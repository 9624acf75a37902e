import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessageCatalogue } from '../../functions/core/message-catalogue';
import { readCatalogue } from '../../scripts/i18n/catalogues';
import { useLocalBackend } from '../e2e/harness';
import { seriousViolations } from './axe';
import { missingGlyphs } from './glyphs';
import { overflowing } from './overflow';
import { screenshotDir, usePatientBrowser } from './patient-session';

// A stopped business clock on Wednesday 10 March 2027, 06:00 UTC: the sample coordinators'
// hours (Nairobi, London) give the slots; the visitor is in New York, whose clocks go forward
// on Sunday 14 March, so the same UTC slot reads an hour later on the page the week after.
const local = useLocalBackend('booking-page', {
  clock: { start: new Date('2027-03-10T06:00:00Z'), speed: 0 },
});
const session = usePatientBrowser(local, 'axe-results-booking.json');
const text = (tag: string) =>
  new MessageCatalogue(tag, readCatalogue('booking', tag) ?? {}, readCatalogue('booking', 'en') ?? {});

async function phone(tag: string, timezoneId: string) {
  const context = await session.browser.newContext({
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: tag,
    timezoneId,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(local.backend.endpoints.bookingUrl);
  return { context, page, errors };
}

/** The console's Calls view, signed in as the sample coordinator, in Nairobi. */
async function consoleCalls(viewport: { width: number; height: number }) {
  const context = await session.browser.newContext({ viewport, timezoneId: 'Africa/Nairobi' });
  const page = await context.newPage();
  const coordinator = local.backend.endpoints.users.find((user) => user.role === 'coordinator')!;
  await page.goto(`${local.backend.endpoints.consoleUrl}#/calls`);
  await page.getByLabel('Email').fill(coordinator.email);
  await page.getByLabel('Password').fill(coordinator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Strategy calls' }).waitFor();
  return { context, page };
}

describe('the booking page, on a phone', () => {
  it('shows free times in the visitor’s zone on both sides of their daylight-saving change, and holds one by keyboard', async () => {
    const t = text('en');
    const { context, page, errors } = await phone('en-US', 'America/New_York');
    await page
      .getByRole('heading', { name: t.format('chooseTime') })
      .first()
      .waitFor();
    expect(await page.getByText(t.format('timesIn', { zone: 'America/New_York' })).count()).toBe(1);
    const day = page.locator('#day');
    // Thursday 11 March (EST, UTC-5): Nairobi's 09:00 (06:00Z) reads 1:00 AM.
    const days = await day.locator('option').allTextContents();
    expect(days[0]).toBe('Thursday, March 11');
    expect(await page.locator('.times label').first().textContent()).toBe('1:00 AM');
    // Tuesday 16 March (EDT, UTC-4): the same 06:00Z reads 2:00 AM.
    await day.selectOption({ label: 'Tuesday, March 16' });
    expect(await page.locator('.times label').first().textContent()).toBe('2:00 AM');
    expect(await overflowing(page)).toEqual([]);
    expect(await seriousViolations(page, 'booking slots (en)', session.axeRuns)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'booking-slots-en.png') });

    // By keyboard: the first time, then the form's fields in order, then Enter on the button.
    await page.locator('.times input').first().focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Achieng Odhiambo');
    await page.keyboard.press('Tab');
    await page.keyboard.type('achieng@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kenya');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('I have breast cancer and want to know which records to gather.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: t.format('heldHeading') }).waitFor();
    expect(await page.locator('.bank-details').textContent()).toContain('IBAN');
    expect(await page.locator('.reference').first().textContent()).toMatch(/^bk_/);
    expect(await page.getByText(/2:00 AM/).count()).toBeGreaterThan(0);
    expect(await seriousViolations(page, 'booking held (en)', session.axeRuns)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'booking-held-en.png'), fullPage: true });

    // The coordinator's day lists the hold with the visitor's details.
    const calls = await local.api.call(
      'GET',
      '/bookings?date=2027-03-16',
      local.backend.endpoints.coordinatorToken,
    );
    expect(
      calls.body.bookings.map((call: { visitor: { fullName: string } }) => call.visitor.fullName),
    ).toContain('Achieng Odhiambo');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('refuses an empty form at its fields, and says so when the time was taken meanwhile', async () => {
    const t = text('en');
    const { context, page } = await phone('en-US', 'Africa/Nairobi');
    await page.locator('.times input').first().waitFor();
    await page.getByRole('button', { name: t.format('hold') }).click();
    expect(await page.locator('.form-status').textContent()).toBe(t.format('chooseTimeFirst'));
    const first = page.locator('.times input').first();
    const start = (await first.getAttribute('value')) ?? '';
    await first.check();
    await page.getByRole('button', { name: t.format('hold') }).click();
    expect(await page.locator('[data-error-for="fullName"]').textContent()).toBe(t.format('fieldRequired'));
    expect(await seriousViolations(page, 'booking errors (en)', session.axeRuns)).toEqual([]);
    // Someone else holds the same time first.
    const taken = await local.api.call('POST', '/booking/holds', '', {
      start,
      fullName: 'Someone Else',
      email: 'else@example.org',
      country: 'Kenya',
      language: 'en',
      question: 'Quick question',
    });
    expect(taken.status).toBe(201);
    await page.getByLabel(t.format('fullName'), { exact: true }).fill('Wanjiru Kamau');
    await page.getByLabel(t.format('email'), { exact: true }).fill('wanjiru@example.org');
    await page.getByLabel(t.format('country'), { exact: true }).fill('Kenya');
    await page.getByLabel(t.format('question'), { exact: true }).fill('Is my plan right?');
    await page.getByRole('button', { name: t.format('hold') }).click();
    await expect.poll(() => page.locator('.form-status').textContent()).toBe(t.format('slotTaken'));
    // The times are asked for again: the taken one goes, and what the visitor typed and the
    // message stay.
    await expect.poll(() => page.locator(`.times input[value="${start}"]`).count()).toBe(0);
    expect(await page.locator('.form-status').textContent()).toBe(t.format('slotTaken'));
    expect(await page.getByLabel(t.format('fullName'), { exact: true }).inputValue()).toBe('Wanjiru Kamau');
    expect(await page.getByLabel(t.format('question'), { exact: true }).inputValue()).toBe(
      'Is my plan right?',
    );
    await context.close();
  }, 60_000);

  it('opens the visitor’s personal link: moves the call by keyboard, then cancels it; a changed link opens nothing', async () => {
    const t = text('fr');
    const held = await local.api.call('POST', '/booking/holds', '', {
      start: '2027-03-18T06:00:00.000Z',
      fullName: 'Amani Juma',
      email: 'amani@example.org',
      country: 'Rwanda',
      language: 'fr',
      question: 'Mon dossier est-il complet ?',
    });
    const link = held.body.manageLink as string;
    const { context, page, errors } = await phone('fr-FR', 'Africa/Kigali');
    await page.goto(link);
    await page.getByRole('heading', { name: t.format('manageHeading') }).waitFor();
    // The token left the address bar for the tab's session storage.
    expect(page.url()).not.toContain('manage=');
    await page.getByText(t.format('manageHeld')).waitFor();
    expect(await seriousViolations(page, 'booking link (fr)', session.axeRuns)).toEqual([]);
    await page.locator('.times input').nth(1).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: t.format('moveCall') }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await page.locator('.notice').count()) > 0).toBe(true);
    const token = link.split('#manage=')[1];
    const after = await local.api.call('POST', '/booking/manage', '', { token });
    expect(after.body.booking.start).not.toBe('2027-03-18T06:00:00.000Z');
    await page.screenshot({ path: join(screenshotDir, 'booking-link-fr.png'), fullPage: true });
    await page.getByRole('button', { name: t.format('cancelCall') }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toBe(t.format('manageCancelled'));
    expect(errors).toEqual([]);
    await context.close();

    // The changed link followed while the page's first request for free times is still on its
    // way (held back here): the refusal stays once those times arrive.
    const tampered = await session.browser.newContext({ locale: 'fr-FR', timezoneId: 'Africa/Kigali' });
    const tamperedPage = await tampered.newPage();
    let releaseSlots = () => {};
    const slotsHeld = new Promise<void>((resolve) => {
      releaseSlots = resolve;
    });
    await tamperedPage.route('**/booking/slots', async (route) => {
      await slotsHeld;
      await route.continue();
    });
    await tamperedPage.goto(local.backend.endpoints.bookingUrl);
    await tamperedPage.goto(`${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`);
    await tamperedPage.getByText(t.format('linkInvalid')).waitFor();
    const slotsAnswered = tamperedPage.waitForResponse('**/booking/slots');
    releaseSlots();
    await slotsAnswered;
    await tamperedPage.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await tamperedPage.getByText(t.format('linkInvalid')).isVisible()).toBe(true);
    expect(await tamperedPage.locator('.times').count()).toBe(0);
    await tampered.close();
  }, 60_000);

  for (const [tag, zone] of [
    ['ar', 'Asia/Riyadh'],
    ['zh-CN', 'Asia/Shanghai'],
    ['th', 'Asia/Bangkok'],
    ['ru', 'Europe/Moscow'],
  ] as const) {
    it(`${tag}: in the visitor’s language and zone, every glyph, nothing wider than the phone, axe-clean`, async () => {
      const { context, page, errors } = await phone(tag, zone);
      await page
        .getByRole('heading', { name: text(tag).format('chooseTime') })
        .first()
        .waitFor();
      expect(
        await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual([tag, tag === 'ar' ? 'rtl' : 'ltr']);
      expect(await overflowing(page)).toEqual([]);
      expect(await missingGlyphs(page)).toEqual([]);
      expect(await seriousViolations(page, `booking slots (${tag})`, session.axeRuns)).toEqual([]);
      await page.screenshot({ path: join(screenshotDir, `booking-slots-${tag}.png`) });
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  }

  it('offers the held call’s payment by card where the deployment takes cards, and goes to the payment page (es, at 375 px)', async () => {
    const t = text('es');
    const { context, page, errors } = await phone('es-ES', 'Europe/Madrid');
    // This backend takes no cards and Stripe cannot be reached here: the free times are the
    // server's own with card payments said to be on, and Checkout's answer stands in for Stripe's.
    await page.route('**/booking/slots', async (route) => {
      const answer = await route.fetch();
      await route.fulfill({ response: answer, json: { ...(await answer.json()), cardPayments: true } });
    });
    const checkouts: unknown[] = [];
    await page.route('**/booking/manage/checkout', async (route) => {
      checkouts.push(route.request().postDataJSON());
      await route.fulfill({ json: { url: `${local.backend.endpoints.bookingUrl}#paid` } });
    });
    await page.reload();
    await page.locator('.times input').first().check();
    await page.getByLabel(t.format('fullName'), { exact: true }).fill('Lucía Pérez');
    await page.getByLabel(t.format('email'), { exact: true }).fill('lucia@example.org');
    await page.getByLabel(t.format('country'), { exact: true }).fill('Spain');
    await page.getByLabel(t.format('question'), { exact: true }).fill('¿Qué informes necesito?');
    await page.getByRole('button', { name: t.format('hold') }).click();
    await page.getByRole('heading', { name: t.format('heldHeading') }).waitFor();
    const pay = page.getByRole('button', { name: /^Pagar .*29.* con tarjeta$/ });
    await pay.first().waitFor();
    expect(await overflowing(page)).toEqual([]);
    expect(await seriousViolations(page, 'booking held, card (es)', session.axeRuns)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'booking-held-card-es.png'), fullPage: true });
    await pay.first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('#paid');
    expect(checkouts).toEqual([{ token: expect.stringMatching(/^bt_/) }]);
    // Back from the payment page: the call's own view, from the link this tab keeps.
    await page.getByRole('heading', { name: t.format('manageHeading') }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('lets a coordinator confirm a held call in the console and open a case with the visitor’s details', async () => {
    const held = await local.api.call('POST', '/booking/holds', '', {
      start: '2027-03-17T06:00:00.000Z',
      fullName: 'Baraka Mwangi',
      email: 'baraka@example.org',
      country: 'Tanzania',
      language: 'sw',
      question: 'Can a hospital in China review my lung CT?',
    });
    expect(held.status).toBe(201);
    const { context, page } = await consoleCalls({ width: 1280, height: 900 });
    await page.getByLabel('Day', { exact: true }).fill('2027-03-17');
    const card = page.locator(`[data-booking="${held.body.booking.bookingId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('held, awaiting payment');
    expect(await seriousViolations(page, 'console calls (en)', session.axeRuns)).toEqual([]);
    await card.getByLabel('Bank reference of the transfer').fill('CALL-TRX-1');
    await card.getByLabel('Received on').fill('2026-12-01');
    await card.getByRole('button', { name: 'Record bank transfer' }).click();
    await page.locator('main').getByText('Payment recorded: the call is confirmed.').waitFor();
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('confirmed');
    await page.screenshot({ path: join(screenshotDir, 'console-calls-en.png'), fullPage: true });
    await card.getByRole('button', { name: 'Open a case from this call' }).click();
    await page.getByRole('heading', { name: /New case/ }).waitFor();
    expect(await page.locator('[name="patient.fullName"]').inputValue()).toBe('Baraka Mwangi');
    expect(await page.locator('[name="patient.email"]').inputValue()).toBe('baraka@example.org');
    expect(await page.locator('[name="patient.language"]').inputValue()).toBe('sw');
    expect(await page.locator('[name="question"]').inputValue()).toBe(
      'Can a hospital in China review my lung CT?',
    );
    // The rest of the form, sent: the call then names its case.
    await page.locator('[name="patient.dateOfBirth"]').fill('1968-05-12');
    await page.locator('[name="cancerType"]').selectOption('lung');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByRole('button', { name: 'Open the case', exact: false }).first().waitFor();
    await page.goto(`${local.backend.endpoints.consoleUrl}#/calls`);
    await page.getByLabel('Day', { exact: true }).fill('2027-03-17');
    await card.getByRole('link', { name: /^Open case case_/ }).waitFor();
    expect(await card.getByRole('button', { name: 'Open a case from this call' }).count()).toBe(0);
    await context.close();
  }, 90_000);

  it('lets a coordinator record a refund sent and set their own call hours, by keyboard, in both languages', async () => {
    // A paid call the visitor cancelled more than a day ahead.
    const held = await local.api.call('POST', '/booking/holds', '', {
      start: '2027-03-18T07:00:00.000Z',
      fullName: 'Neema Said',
      email: 'neema@example.org',
      country: 'Tanzania',
      language: 'sw',
      question: 'Should I have surgery first?',
    });
    const bookingId = held.body.booking.bookingId as string;
    const coordinatorToken = local.backend.endpoints.coordinatorToken;
    await local.api.call('POST', `/bookings/${bookingId}/payment`, coordinatorToken, {
      reference: 'CALL-TRX-2',
      receivedOn: '2026-12-01',
    });
    const token = (held.body.manageLink as string).split('#manage=')[1];
    expect((await local.api.call('POST', '/booking/manage/cancel', '', { token })).status).toBe(200);

    // At a tablet's width.
    const { context, page } = await consoleCalls({ width: 820, height: 1180 });
    await page.getByRole('heading', { name: 'Refunds to send' }).waitFor();
    const due = page.locator(`[data-refund="${bookingId}"]`);
    // Without the transfer's reference the server refuses, at the field.
    await due.getByRole('button', { name: 'Record the refund as sent' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => due.getByLabel('Bank reference of the refund').getAttribute('aria-invalid'))
      .toBe('true');
    await due.getByLabel('Bank reference of the refund').fill('REFUND-TRX-2');
    await page.keyboard.press('Enter');
    await page.locator('main').getByText('Refund recorded: the call is off the list.').first().waitFor();
    await expect.poll(() => page.locator(`[data-refund="${bookingId}"]`).count()).toBe(0);
    const booking = (await local.api.call('GET', '/bookings?date=2027-03-18', coordinatorToken)).body;
    expect(booking.refundsDue).toEqual([]);

    // The coordinator's own hours: a day that does not read as hours is refused at its field.
    const hours = page.getByRole('form', { name: 'Your call hours' });
    const monday = hours.getByLabel('Monday');
    await monday.waitFor();
    const before = await monday.inputValue();
    await monday.fill('08:00-11:00, 14:00-15:30');
    await hours.getByLabel('Tuesday').fill('9-12');
    await hours.getByRole('button', { name: 'Save my call hours' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => hours.getByLabel('Tuesday').evaluate((field) => field === document.activeElement))
      .toBe(true);
    expect(await hours.getByLabel('Tuesday').getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('09:00-12:00');
    await page.keyboard.press('Enter');
    await page
      .locator('main')
      .getByText('Your call hours are saved: the booking page offers them now.')
      .first()
      .waitFor();
    // Kept for the signed-in coordinator (read back after a reload), and offered to visitors:
    // Monday 08:00 in Nairobi is 05:00Z, which no sample hours gave.
    await page.reload();
    await expect.poll(() => hours.getByLabel('Monday').inputValue()).toBe('08:00-11:00, 14:00-15:30');
    expect(await hours.getByLabel('Tuesday').inputValue()).toBe('09:00-12:00');
    const slots = (await local.api.call('GET', '/booking/slots', '')).body.slots as { start: string }[];
    expect(slots.map((slot) => slot.start)).toContain('2027-03-15T05:00:00.000Z');
    expect(before).not.toBe('08:00-11:00, 14:00-15:30');
    expect(await seriousViolations(page, 'console calls hours (en)', session.axeRuns)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'console-calls-hours-en.png'), fullPage: true });
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.getByRole('heading', { name: '您的通话时段' }).waitFor();
    expect(await page.getByRole('form', { name: '您的通话时段' }).getByLabel('星期一').inputValue()).toBe(
      '08:00-11:00, 14:00-15:30',
    );
    expect(await seriousViolations(page, 'console calls hours (zh-Hans)', session.axeRuns)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'console-calls-hours-zh.png'), fullPage: true });
    await context.close();
  }, 90_000);
});
