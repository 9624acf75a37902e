import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { canonicalJson } from '../functions/core/package-content';
import type {
  RelayCasesList,
  RelayDeadline,
  RelayPackage,
  RelayPackageFile,
  RelayReceipt,
} from '../functions/core/responses/relay';

/**
 * The hospital's pull client: lists assigned cases, downloads a case's package several files
 * at a time, resumes interrupted files with Range requests, verifies every SHA-256 and the
 * package digest, and only then moves the folder into place (all or nothing). With --confirm
 * it posts the receipt.
 */
/** A file of the package as the relay lists it (the relay's own response type, not a copy). */
export type PackageFile = RelayPackageFile;

export interface PullOptions {
  apiUrl: string;
  token: string;
  caseId: string;
  outDir: string;
  parallel?: number;
  confirm?: boolean;
  onProgress?: (event: { fileName: string; received: number; size: number }) => void;
}

export interface PullResult {
  folder: string;
  files: number;
  bytes: number;
  /** Bytes fetched over the network in this run (less than `bytes` when a file resumed). */
  bytesDownloaded: number;
  resumedFiles: number;
  packageDigest: string;
  deadline?: RelayDeadline;
}

export class PullError extends Error {}

async function api<T>(options: PullOptions, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${options.apiUrl.replace(/\/$/, '')}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok)
    throw new PullError(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A local name for each file: its own name, made safe, with the file id when names repeat. */
function localNames(files: readonly PackageFile[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const file of files) {
    const safe = basename(file.fileName).replace(/[^\p{L}\p{N}._ -]/gu, '_') || file.fileId;
    const name = used.has(safe) ? `${file.fileId}-${safe}` : safe;
    used.add(name);
    names.set(file.fileId, name);
  }
  return names;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Downloads one file, continuing from what a previous run left (Range), streaming to disk. */
async function download(
  file: PackageFile,
  path: string,
  refreshUrl: () => Promise<string>,
  onProgress: PullOptions['onProgress'],
): Promise<{ downloaded: number; resumed: boolean; sha256?: string }> {
  let url = file.url;
  for (let attempt = 1; ; attempt += 1) {
    const have = await sizeOf(path);
    if (have > file.size) await rm(path);
    const start = have > file.size ? 0 : have;
    if (start === file.size) return { downloaded: 0, resumed: start > 0 };
    const response = await fetch(url, start > 0 ? { headers: { range: `bytes=${start}-` } } : {});
    if (response.status === 403 && attempt <= 3) {
      url = await refreshUrl(); // the presigned URL expired: ask the relay for a fresh one
      continue;
    }
    if (!(response.status === 200 || response.status === 206) || !response.body) {
      throw new PullError(`${file.fileName}: download answered ${response.status}`);
    }
    // A server that ignores Range sends the whole file: start over rather than append.
    const append = start > 0 && response.status === 206;
    let received = append ? start : 0;
    // A whole-file download is hashed as it streams; a resumed one is hashed from disk after.
    const hash = append ? undefined : createHash('sha256');
    const counter = new TransformCounter((chunk) => {
      received += chunk.length;
      hash?.update(chunk);
      onProgress?.({ fileName: file.fileName, received, size: file.size });
    });
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      counter,
      createWriteStream(path, { flags: append ? 'a' : 'w' }),
    );
    return {
      downloaded: received - (append ? start : 0),
      resumed: append,
      ...(hash ? { sha256: hash.digest('hex') } : {}),
    };
  }
}

class TransformCounter extends Transform {
  constructor(private readonly count: (chunk: Buffer) => void) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.count(chunk);
    callback(null, chunk);
  }
}

export async function listCases(options: Pick<PullOptions, 'apiUrl' | 'token'>) {
  return api<RelayCasesList>({ ...options, caseId: '', outDir: '' }, 'GET', '/relay/cases');
}

export async function pullPackage(options: PullOptions): Promise<PullResult> {
  const outDir = resolve(options.outDir);
  const folder = join(outDir, options.caseId);
  const exists = await stat(folder).then(
    () => true,
    () => false,
  );
  if (exists) {
    throw new PullError(`${folder} already exists: the package was pulled before.`);
  }
  const partial = join(outDir, `.${options.caseId}.partial`);
  await mkdir(partial, { recursive: true });
  const packagePath = `/relay/cases/${options.caseId}/package`;
  // The audit trail names why the package was read: the whole of it, to keep.
  const { files } = await api<RelayPackage>(options, 'GET', `${packagePath}?purpose=download`);
  const names = localNames(files);

  const queue = [...files];
  let bytesDownloaded = 0;
  let resumedFiles = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, options.parallel ?? 4) }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const current = file;
        const path = join(partial, names.get(current.fileId)!);
        // An expired link: a fresh one for this file only (an unknown id answers 400, not a new list).
        const refresh = async () => {
          const { files: refreshed } = await api<RelayPackage>(
            options,
            'GET',
            `${packagePath}?purpose=file&files=${encodeURIComponent(current.fileId)}`,
          );
          const fresh = refreshed.find((candidate) => candidate.fileId === current.fileId);
          if (!fresh) throw new PullError(`${current.fileName} is no longer in the package`);
          return fresh.url;
        };
        const { downloaded, resumed, sha256 } = await download(current, path, refresh, options.onProgress);
        bytesDownloaded += downloaded;
        if (resumed) resumedFiles += 1;
        const actual = sha256 ?? (await sha256File(path));
        if (actual !== current.sha256) {
          await rm(path); // never keep bytes that do not match: the next run fetches them again
          throw new PullError(`${current.fileName}: SHA-256 ${actual} does not match ${current.sha256}`);
        }
      }
    }),
  );

  // The manifest vouches for every other file, and its digest for the manifest.
  const manifestFile = files.find((file) => file.category === 'manifest');
  if (!manifestFile) throw new PullError('the package has no manifest');
  const manifest = JSON.parse(await readFile(join(partial, names.get(manifestFile.fileId)!), 'utf8')) as {
    files: { fileId: string; sha256: string }[];
    packageDigest: string;
  };
  const digest = createHash('sha256').update(canonicalJson(manifest.files)).digest('hex');
  if (digest !== manifest.packageDigest)
    throw new PullError('the manifest does not match its package digest');
  for (const entry of manifest.files) {
    const listed = files.find((file) => file.fileId === entry.fileId);
    if (!listed || listed.sha256 !== entry.sha256)
      throw new PullError(`${entry.fileId} differs from the manifest`);
  }

  await rename(partial, folder);
  const result: PullResult = {
    folder,
    files: files.length,
    bytes: files.reduce((total, file) => total + file.size, 0),
    bytesDownloaded,
    resumedFiles,
    packageDigest: manifest.packageDigest,
  };
  if (options.confirm) {
    const receipt = await api<RelayReceipt>(options, 'POST', `/relay/cases/${options.caseId}/receipt`, {
      complete: true,
    });
    if ('deadline' in receipt) result.deadline = receipt.deadline;
  }
  return result;
}

async function main() {
  const { values } = parseArgs({
    options: {
      api: { type: 'string' },
      token: { type: 'string' },
      case: { type: 'string' },
      out: { type: 'string', default: 'packages' },
      parallel: { type: 'string', default: '4' },
      confirm: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      stats: { type: 'boolean', default: false },
    },
  });
  let apiUrl = values.api ?? process.env.RELAY_API_URL;
  let token = values.token ?? process.env.RELAY_TOKEN;
  if (!apiUrl || !token) {
    // Local convenience: the backend `npm start` runs, as the first sample hospital.
    try {
      const endpoints = JSON.parse(await readFile(join(process.cwd(), '.local', 'endpoints.json'), 'utf8'));
      apiUrl ??= endpoints.apiUrl;
      token ??= endpoints.hospitals[0].token;
    } catch {
      console.error('Give --api and --token (or RELAY_API_URL and RELAY_TOKEN).');
      process.exit(2);
    }
  }
  const connection = { apiUrl: apiUrl as string, token: token as string };
  if (values.list || !values.case) {
    const { cases } = await listCases(connection);
    for (const entry of cases)
      console.log(
        `${entry.caseId}  ${entry.status.padEnd(18)} ${entry.cancerType.padEnd(14)} delivered ${entry.deliveredAt}${[
          entry.new ? ' new' : '',
          entry.expedited ? ' expedited' : '',
          entry.overdue ? ' overdue' : '',
          entry.businessDaysLeft === undefined ? '' : ` ${entry.businessDaysLeft} business day(s) left`,
        ].join('')}`,
      );
    if (cases.length === 0) console.log('No cases are assigned to this hospital.');
    return;
  }
  let last = 0;
  const began = performance.now();
  const result = await pullPackage({
    ...connection,
    caseId: values.case,
    outDir: values.out,
    parallel: Number(values.parallel),
    confirm: values.confirm,
    onProgress: ({ fileName, received, size }) => {
      if (Date.now() - last < 500 && received < size) return;
      last = Date.now();
      process.stdout.write(`  ${fileName}: ${Math.floor((received / Math.max(1, size)) * 100)}%\n`);
    },
  });
  console.log(
    `Verified ${result.files} files (${result.bytes} bytes, digest ${result.packageDigest}) in ${result.folder}`,
  );
  if (result.deadline) console.log(`Receipt confirmed; report due ${JSON.stringify(result.deadline)}`);
  // For the benchmark: this process's peak resident memory.
  if (values.stats) {
    const seconds = (performance.now() - began) / 1000;
    console.log(
      `STATS ${JSON.stringify({ seconds, bytes: result.bytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}`,
    );
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  main().catch((error: Error) => {
    console.error(error instanceof PullError ? error.message : `The pull failed: ${error.message}`);
    process.exit(1);
  });
}
