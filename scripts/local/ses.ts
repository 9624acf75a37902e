import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Email } from 'aws-ses-v2-local/dist/store';
import { notificationHeaders } from '../../functions/adapters/notifier';

/**
 * The local SES v2: the aws-ses-v2-local emulator on loopback, which the notifier's real
 * SESv2Client reaches through AWS_ENDPOINT_URL_SESV2. It serves SendEmail, a page listing the
 * mail it received (`/`) and that list as JSON (`GET /store`).
 *
 * The emulator keeps mail in memory only, in its store module (one per process). The local
 * runtime must keep it across a restart the way it keeps tables and objects (a case killed
 * mid-way and resumed counts each notification once), so this module writes each message the
 * emulator accepts to the data folder (`mail/`, one JSON file per message, named by time and the
 * emulator's message id, never by anything PHI) before the emulator answers, and puts those
 * messages back in the emulator's store at the next start.
 */

const require = createRequire(import.meta.url);
const emulator = require('aws-ses-v2-local') as typeof import('aws-ses-v2-local');
/** The emulator's store module: its own SendEmail handlers call `saveEmail` through this object. */
const store = require('aws-ses-v2-local/dist/store') as {
  saveEmail(email: Email): void;
  clearStore(): void;
};

interface Keeper {
  /** The folder mail is written to while a local SES runs in this process. */
  dir: string | undefined;
  sequence: number;
  /** The emulator's own saveEmail. */
  save(email: Email): void;
}

/**
 * Installed once per process (the store module is, even when this module is loaded again), so
 * each message is written once: synchronously, before the emulator's handler answers the SDK.
 */
const KEEPER = Symbol.for('oncology-second-opinion.local-ses');
const installed = store as unknown as Record<symbol, Keeper | undefined>;
const keeper: Keeper = installed[KEEPER] ?? installKeeper();

function installKeeper(): Keeper {
  const state: Keeper = { dir: undefined, sequence: 0, save: store.saveEmail };
  store.saveEmail = (email) => {
    if (state.dir) keep(state, email);
    state.save(email);
  };
  installed[KEEPER] = state;
  return state;
}

function keep(state: Keeper, email: Email): void {
  state.sequence += 1;
  const name = `${String(Date.now()).padStart(13, '0')}-${String(state.sequence).padStart(6, '0')}-${email.messageId.replace(/[^A-Za-z0-9-]/g, '_')}.json`;
  const temporary = join(state.dir!, `.${name}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(email)}\n`, { mode: 0o600 });
  renameSync(temporary, join(state.dir!, name));
}

export interface LocalSes {
  /** The SES v2 API endpoint (AWS_ENDPOINT_URL_SESV2). */
  readonly endpoint: string;
  /** The emulator's page listing the mail received. */
  readonly mailboxUrl: string;
  stop(): Promise<void>;
}

/** Starts the emulator on `host` (a free port), with the mail kept in `dir` put back in its store. */
export async function startSes(dir: string, host: string): Promise<LocalSes> {
  if (keeper.dir) throw new Error('A local SES already runs in this process (the emulator has one store).');
  // The emulator would also relay every message to SMTP_TRANSPORT: local mail stays on loopback.
  delete process.env.SMTP_TRANSPORT;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  store.clearStore();
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()) {
    keeper.save(JSON.parse(readFileSync(join(dir, name), 'utf8')) as Email);
  }
  keeper.dir = dir;
  let server: Server;
  try {
    server = await emulator.default({ host, port: 0 });
  } catch (error) {
    keeper.dir = undefined;
    throw error;
  }
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    mailboxUrl: `${endpoint}/`,
    stop: async () => {
      keeper.dir = undefined;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.clearStore();
    },
  };
}

/** A message as the emulator's API gives it, with the notification it is (from its headers). */
export interface ReceivedMail {
  readonly messageId: string;
  /** The case and notification key the notifier named in the message's headers. */
  readonly caseId: string | undefined;
  readonly key: string | undefined;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** Files the message carries (a calendar invitation), their content decoded as UTF-8 text. */
  readonly attachments: readonly {
    readonly fileName: string;
    readonly contentType: string;
    readonly text: string;
  }[];
  /** When the emulator received it (epoch seconds). */
  readonly at: number;
}

/** Every message the SES emulator at `endpoint` holds, oldest first, read through its API. */
export async function receivedMail(endpoint: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${endpoint}/store`);
  if (!response.ok) throw new Error(`the SES emulator answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: Email[] };
  return emails.map((email) => {
    const headers = email.headers ?? [];
    const header = (name: string) =>
      headers.find((entry) => entry.name.toLowerCase() === name.toLowerCase())?.value;
    return {
      messageId: email.messageId,
      caseId: header(notificationHeaders.caseId),
      key: header(notificationHeaders.notification),
      from: email.from,
      to: email.destination.to.join(', '),
      subject: email.subject,
      text: email.body.text ?? '',
      headers,
      attachments: (
        (email as { attachments?: { filename?: string; contentType?: string; content?: string }[] })
          .attachments ?? []
      ).map((file) => ({
        fileName: file.filename ?? '',
        contentType: file.contentType ?? '',
        text: Buffer.from(file.content ?? '', 'base64').toString('utf8'),
      })),
      at: email.at,
    };
  });
}
