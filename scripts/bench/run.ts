import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { FinalizeHandlerArguments, MetadataBearer } from '@smithy/types';
import { dynamo, s3 } from '../../functions/adapters/aws-clients';
import { bucketName } from '../../functions/adapters/settings';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { ApiClient, waitFor } from '../api-client';
import { finishCase } from '../case-steps';
import { largeDicom, makePdf, sampleTreatmentHistory } from '../fixtures';
import { projectRoot, startLocalBackend } from '../local/backend';
import { receivedMail } from '../local/ses';
import { type BundleMeasurement, measureBundles } from './bundles';
import { CostMeter } from './cost';
import { measureCorpus } from './dicom-corpus';
import { measureDiscIndex } from './disc-index';
import { measureOcr } from './ocr';
import { measurePatientPageBytes, measurePatientPageUpload } from './patient-page';
import { portalFirstPageBytes } from './portal-page';
import { measureReceipts } from './receipt';
import { measureViewer } from './viewer';

/**
 * `npm run bench`: starts its own local backend (temporary data, free ports), measures, prints
 * one table and writes the same rows to .local/bench.json. Ratios where two things compare.
 */
interface Row {
  id: string;
  value: number;
  unit: string;
  how: string;
}
const rows: Row[] = [];
/** Per-function bundle figures, printed after the rows; the bench fails on a bundle its grants do not cover. */
let bundles: BundleMeasurement | undefined;
const MiB = 1024 * 1024;

const dataDir = await mkdtemp(join(tmpdir(), 'oso-bench-'));
const meter = new CostMeter();
const backend = await startLocalBackend({ dataDir, port: 0, meter });
const api = new ApiClient(backend.endpoints.apiUrl);

// DynamoDB's own count of the capacity each request consumed (dynalite computes it as DynamoDB does).
dynamo().middlewareStack.add(
  (next, context) => async (args) => {
    if (meter.counting) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
    const result = await next(args);
    const consumed = (
      result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }
    ).ConsumedCapacity;
    const units = Array.isArray(consumed)
      ? consumed.reduce((total, entry) => total + (entry.CapacityUnits ?? 0), 0)
      : (consumed?.CapacityUnits ?? 0);
    meter.dynamo(context.commandName ?? '', units);
    return result;
  },
  { step: 'initialize', name: 'benchCostMeter' },
);

// Count the bytes of every GetObject response from the intake bucket, split into ranged reads
// (validation) and whole-object reads (the SHA-256 pass), without touching production code.
const intakeReads = { ranged: 0, whole: 0, requests: 0 };
s3().middlewareStack.add(
  (next) => async (args: FinalizeHandlerArguments<object>) => {
    const result = await next(args);
    const request = args.request as { path?: string; headers?: Record<string, string>; method?: string };
    if (request.method === 'GET' && request.path?.startsWith(`/${bucketName('intake')}/`)) {
      const response = result.response as { headers?: Record<string, string> };
      const length = Number(response.headers?.['content-length'] ?? 0);
      intakeReads.requests += 1;
      if (request.headers?.range) intakeReads.ranged += length;
      else intakeReads.whole += length;
    }
    return result as typeof result & MetadataBearer;
  },
  { step: 'finalizeRequest', name: 'benchIntakeReadCounter' },
);

try {
  // 1. The demo case end to end (`npm run demo` against this backend), metered for its cost.
  meter.counting = true;
  const demoStart = performance.now();
  const demo = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'scripts/demo.ts')],
    {
      cwd: projectRoot,
      env: { ...process.env, ENDPOINTS_FILE: join(dataDir, 'endpoints.json') },
    },
  );
  const demoWall = (performance.now() - demoStart) / 1000;
  await backend.idle();
  meter.counting = false;
  const demoCase = /case (case_[a-z0-9]+)/.exec(demo.stdout)?.[1];
  const demoSeconds = Number(/Done in ([\d.]+) s/.exec(demo.stdout)?.[1]);
  if (!demoCase || !Number.isFinite(demoSeconds)) throw new Error(`the demo did not finish:\n${demo.stdout}`);
  rows.push({
    id: 'demo-case-seconds',
    value: demoSeconds,
    unit: 's',
    how: `npm run demo against this backend: from opening the case to the patient's delivered report, as the demo times it (every step a real HTTP call or presigned transfer; ${demoWall.toFixed(1)} s with the demo process's own start)`,
  });
  const demoExecution = `${backend.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${demoCase}-1`;
  const demoTransitions = backend.stepFunctions
    .getExecutionHistory({ executionArn: demoExecution })
    .events.filter((event) => event.type.endsWith('StateEntered')).length;
  const demoEmails = (await receivedMail(backend.endpoints.sesEndpoint)).filter(
    (mail) => mail.caseId === demoCase,
  ).length;
  const cost = meter.estimate(demoTransitions, demoEmails);
  const usd = (value: number) => `$${value.toFixed(6)}`;
  rows.push({
    id: 'cost-per-case-usd',
    value: Number(cost.total.toFixed(6)),
    unit: 'USD',
    how:
      `the demo case, metered locally and priced at us-east-1 list prices: Step Functions ${cost.counts.transitions} transitions ${usd(cost.parts.stepFunctions)}; ` +
      `Lambda ${cost.counts.invocations} invocations, ${cost.counts.gbSeconds.toFixed(2)} GB-s at each function's memory (arm64, local durations) ${usd(cost.parts.lambda)}; ` +
      `DynamoDB ${cost.counts.dynamoRequests} requests, ${cost.counts.dynamoWriteUnits} WRU + ${cost.counts.dynamoReadUnits} RRU on-demand ${usd(cost.parts.dynamodb)}; ` +
      `S3 ${cost.counts.s3Tier1} PUT/POST/LIST + ${cost.counts.s3Tier2} GET/HEAD ${usd(cost.parts.s3)}; ` +
      `HTTP API ${cost.counts.apiRequests} requests ${usd(cost.parts.apiGateway)}; SES ${cost.counts.emails} emails ${usd(cost.parts.ses)}. ` +
      `Not in it: storage by the month, KMS requests, GuardDuty scanning, Amazon Translate ($15 per million characters; no translator runs locally), CloudWatch logs`,
  });

  const coordinator = backend.endpoints.coordinatorToken;
  const created = await api.call('POST', '/cases', coordinator, {
    patient: {
      fullName: 'Bench Mark',
      email: 'bench@example.org',
      dateOfBirth: '1970-01-01',
      country: 'Kenya',
      language: 'en',
    },
    cancerType: 'lung',
    question: 'Benchmark case.',
  });
  const { caseId, patientToken } = created.body as { caseId: string; patientToken: string };

  /** Uploads through the patient API exactly as a browser would: signed parts, then complete. */
  const uploadMultipart = async (file: Buffer, fileName: string) => {
    const started = await api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'imaging',
      fileName,
      contentType: 'application/dicom',
      size: file.length,
    });
    const { uploadId, partSize, parts } = started.body as {
      uploadId: string;
      partSize: number;
      parts: { partNumber: number; url: string; size: number }[];
    };
    const etags: { partNumber: number; etag: string }[] = [];
    // Four parts in flight, as a browser uploader would run them.
    const queue = [...parts];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let part = queue.shift(); part; part = queue.shift()) {
          const start = (part.partNumber - 1) * partSize;
          const response = await fetch(part.url, {
            method: 'PUT',
            headers: { 'Content-Length': String(part.size) },
            body: file.subarray(start, start + part.size),
          });
          if (!response.ok) throw new Error(`part ${part.partNumber} failed: ${response.status}`);
          etags.push({ partNumber: part.partNumber, etag: response.headers.get('etag') ?? '' });
        }
      }),
    );
    const completed = await api.call('POST', `/patient/uploads/${uploadId}/complete`, patientToken, {
      parts: etags.sort((a, b) => a.partNumber - b.partNumber),
    });
    if (completed.status !== 200) throw new Error(`complete failed: ${JSON.stringify(completed.body)}`);
    return { uploadId, partCount: parts.length };
  };
  const documentStatus = async (documentId: string) => {
    const view = await api.call('GET', `/cases/${caseId}`, coordinator);
    return (view.body.checklist as { documents: { documentId: string; status: string }[] }[])
      .flatMap((item) => item.documents)
      .find((doc) => doc.documentId === documentId)?.status;
  };

  // 1. A 300 MB file through the local backend: presigned multipart parts, then complete.
  const file300 = largeDicom(300 * MiB);
  let began = performance.now();
  const upload300 = await uploadMultipart(file300, 'ct-300mb.dcm');
  const uploadSeconds = (performance.now() - began) / 1000;
  rows.push({
    id: 'multipart-upload-300mb-seconds',
    value: Number(uploadSeconds.toFixed(2)),
    unit: 's',
    how: `300 MiB DICOM through POST /patient/uploads: ${upload300.partCount} presigned parts PUT 4 at a time to the SigV4-verifying emulator, then POST .../complete (${(300 / uploadSeconds).toFixed(0)} MiB/s)`,
  });
  await waitFor(
    '300 MB verdict',
    async () => ((await documentStatus(upload300.uploadId)) === 'accepted' ? true : undefined),
    {
      timeoutMs: 300_000,
      intervalMs: 250,
    },
  );

  // 2. Bytes read to validate a 500 MB DICOM file.
  const file500 = largeDicom(500 * MiB);
  // Reset before the upload: validation starts the moment the upload completes.
  intakeReads.ranged = 0;
  intakeReads.whole = 0;
  intakeReads.requests = 0;
  const upload500 = await uploadMultipart(file500, 'ct-500mb.dcm');
  began = performance.now();
  const verdict = await waitFor(
    '500 MB verdict',
    async () => {
      const status = await documentStatus(upload500.uploadId);
      return status === 'accepted' || status === 'rejected' ? status : undefined;
    },
    { timeoutMs: 300_000, intervalMs: 100 },
  );
  const acceptSeconds = (performance.now() - began) / 1000;
  rows.push({
    id: 'dicom-validation-bytes-read',
    value: intakeReads.ranged,
    unit: 'bytes',
    how: `ranged GETs on the intake object while validating a 500 MiB DICOM file (verdict: ${verdict}); counted by an SDK middleware on the upload processor's S3 client`,
  });
  rows.push({
    id: 'dicom-accept-hash-bytes-read',
    value: intakeReads.whole,
    unit: 'bytes',
    how: 'the separate streaming SHA-256 pass over the accepted object before its server-side copy to the records bucket (the checksum needs every byte)',
  });
  rows.push({
    id: 'dicom-500mb-accept-seconds',
    value: Number(acceptSeconds.toFixed(2)),
    unit: 's',
    how: 'from the complete call returning to the document reading accepted: validation, SHA-256 and copy to records',
  });

  // 3. Presigned PUT against a raw SDK PutObject of the same 64 MiB.
  const body = largeDicom(64 * MiB);
  const timed = async (run: () => Promise<void>) => {
    const start = performance.now();
    await run();
    return (performance.now() - start) / 1000;
  };
  const rawSeconds = await timed(async () => {
    await s3().send(
      new PutObjectCommand({
        Bucket: bucketName('records'),
        Key: 'bench/raw-put',
        Body: body,
        ContentLength: body.length,
      }),
    );
  });
  const presignedSeconds = await timed(async () => {
    const issued = await api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'imaging',
      fileName: 'put-64mb.dcm',
      contentType: 'application/dicom',
      size: body.length,
    });
    const response = await fetch(issued.body.url, { method: 'PUT', headers: issued.body.headers, body });
    if (!response.ok) throw new Error(`presigned PUT failed: ${response.status}`);
  });
  rows.push({
    id: 'presigned-put-vs-raw-put',
    value: Number((rawSeconds / presignedSeconds).toFixed(2)),
    unit: 'ratio',
    how: `throughput of a 64 MiB presigned PUT (${presignedSeconds.toFixed(2)} s, including the upload-URL request) over a raw SDK PutObject of the same bytes (${rawSeconds.toFixed(2)} s) to the same emulator`,
  });
  // 3b. The patient page in Chromium against a plain presigned PUT, for a 150 MB DICOM file.
  const { pageSeconds, putSeconds, runs } = await measurePatientPageUpload(backend, api);
  rows.push({
    id: 'page-upload-vs-presigned-put-150mb',
    value: Number((pageSeconds / putSeconds).toFixed(2)),
    unit: 'ratio',
    how: `time of the patient page's upload of a 150 MB DICOM file in headless Chromium (Uppy S3 multipart, ten 16 MiB parts 4 at a time, from choosing the file to the complete call returning: ${pageSeconds.toFixed(2)} s) over one plain presigned PUT of the same bytes from Node (${putSeconds.toFixed(2)} s), same emulator, medians of ${runs} runs; below 1 the page is faster`,
  });
  for (const language of ['en', 'ar'] as const) {
    const opened = await measurePatientPageBytes(backend, api, language);
    rows.push({
      id: `patient-page-open-${language}`,
      value: Math.round(opened.bytes / 1024),
      unit: 'KiB',
      how: `what Chromium receives to open the patient page for a case in ${language === 'en' ? 'English (in the page’s script)' : 'Arabic (English, plus the Arabic page and server catalogues and Uppy’s Arabic words as chunks)'}: HTML, scripts, stylesheets under /upload, gzipped as sent (${opened.files} files)`,
    });
  }
  // 4. The hospital pull client against a raw GET of the same bytes, and its memory, for a
  //    100 MB and a 1 GB package. The client runs as its own process, as a hospital runs it.
  const hospital = backend.endpoints.hospitals[0]!;
  const deliveredCase = async (size: number) => {
    const opened = await api.call('POST', '/cases', coordinator, {
      patient: {
        fullName: 'Bench Pull',
        email: 'pull@example.org',
        dateOfBirth: '1970-01-01',
        country: 'Kenya',
        language: 'en',
      },
      cancerType: 'breast',
      question: 'Benchmark pull.',
    });
    const { caseId: pullCase, patientToken: pullToken } = opened.body as {
      caseId: string;
      patientToken: string;
    };
    const put = async (itemId: string, fileName: string, contentType: string, bytes: Buffer) => {
      const issued = await api.call('POST', '/patient/uploads', pullToken, {
        itemId,
        fileName,
        contentType,
        size: bytes.length,
      });
      if (issued.body.method === 'PUT') {
        await fetch(issued.body.url, { method: 'PUT', headers: issued.body.headers, body: bytes });
        return;
      }
      const etags: { partNumber: number; etag: string }[] = [];
      for (const part of issued.body.parts as { partNumber: number; url: string; size: number }[]) {
        const start = (part.partNumber - 1) * issued.body.partSize;
        const response = await fetch(part.url, {
          method: 'PUT',
          headers: { 'Content-Length': String(part.size) },
          body: bytes.subarray(start, start + part.size),
        });
        etags.push({ partNumber: part.partNumber, etag: response.headers.get('etag') ?? '' });
      }
      await api.call('POST', `/patient/uploads/${issued.body.uploadId}/complete`, pullToken, {
        parts: etags,
      });
    };
    await put(
      'pathology-report',
      'pathology.pdf',
      'application/pdf',
      makePdf(['Invasive ductal carcinoma, grade 2, pT2N1M0']),
    );
    await put('imaging', 'ct.dcm', 'application/dicom', largeDicom(size));
    await waitFor(
      'imaging accepted',
      async () => {
        const view = await api.call('GET', `/cases/${pullCase}`, coordinator);
        const items = view.body.checklist as { itemId: string; status: string }[];
        return items.filter((item) => item.status === 'accepted').length >= 2 ? true : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 500 },
    );
    await api.call('PUT', '/patient/treatment-history', pullToken, sampleTreatmentHistory());
    await api.call('POST', '/patient/consent', pullToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: 'Bench Pull',
    });
    await api.call('POST', `/cases/${pullCase}/submit`, coordinator, { hospitalId: hospital.hospitalId });
    await waitFor(
      'delivery',
      async () => {
        const cases = (await api.call('GET', '/relay/cases', hospital.token)).body.cases as
          | { caseId: string }[]
          | undefined;
        return cases?.some((entry) => entry.caseId === pullCase) ? true : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 500 },
    );
    return pullCase;
  };
  const rawGetSeconds = async (caseId: string) => {
    const pkg = await api.call('GET', `/relay/cases/${caseId}/package`, hospital.token);
    const start = performance.now();
    for (const file of pkg.body.files as { url: string }[]) {
      const response = await fetch(file.url);
      for await (const _chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        // discard: a raw GET of the same bytes, nothing else
      }
    }
    return (performance.now() - start) / 1000;
  };
  const pullStats = async (caseId: string) => {
    const out = await mkdtemp(join(tmpdir(), 'oso-bench-pull-'));
    try {
      const { stdout } = await promisify(execFile)(
        join(projectRoot, 'node_modules', '.bin', 'tsx'),
        [
          join(projectRoot, 'scripts', 'hospital-pull.ts'),
          '--api',
          backend.endpoints.apiUrl,
          '--token',
          hospital.token,
          '--case',
          caseId,
          '--out',
          out,
          '--stats',
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      const line = stdout.split('\n').find((entry) => entry.startsWith('STATS '));
      if (!line) throw new Error(`the pull client printed no stats: ${stdout.slice(-500)}`);
      return JSON.parse(line.slice(6)) as { seconds: number; bytes: number; maxRssBytes: number };
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  };
  let firstPullCase: string | undefined;
  for (const [label, size] of [
    ['100mb', 100 * MiB],
    ['1gb', 1024 * MiB],
  ] as const) {
    const pullCase = await deliveredCase(size);
    firstPullCase ??= pullCase;
    const raw = await rawGetSeconds(pullCase);
    const pulled = await pullStats(pullCase);
    if (label === '1gb') {
      rows.push({
        id: 'relay-pull-vs-raw-get',
        value: Number((raw / pulled.seconds).toFixed(2)),
        unit: 'ratio',
        how: `throughput of the pull client (${pulled.seconds.toFixed(2)} s for ${(pulled.bytes / MiB).toFixed(0)} MiB: 4 files at a time, SHA-256 while streaming, written to disk, digest checked) over raw sequential GETs of the same presigned URLs discarding the bytes (${raw.toFixed(2)} s)`,
      });
    }
    rows.push({
      id: `pull-client-peak-rss-${label}`,
      value: Math.round(pulled.maxRssBytes / MiB),
      unit: 'MiB',
      how: `peak resident memory of the pull client process (process.resourceUsage().maxRSS) pulling a ${(pulled.bytes / MiB).toFixed(0)} MiB package`,
    });
  }

  // The state transitions one completed case costs: the first pull case taken on through
  // receipt, report and summary, counted from its execution's event log.
  if (firstPullCase) {
    const caseId = firstPullCase;
    await api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, { complete: true });
    await finishCase(api, caseId, { hospital: hospital.token, coordinator });
    const executionArn = `${backend.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}-1`;
    await waitFor('completion', async () =>
      backend.stepFunctions.describeExecution({ executionArn }).status === 'SUCCEEDED' ? true : undefined,
    );
    const events = backend.stepFunctions.getExecutionHistory({ executionArn }).events;
    const entered = events.filter((event) => event.type.endsWith('StateEntered')).length;
    rows.push({
      id: 'state-transitions-per-case',
      value: entered,
      unit: 'transitions',
      how: `states entered by one completed execution (2 documents, no certified translation, receipt, report and summary with no timeout, reminder or retry), counted from the local execution's event log (${events.length} events)`,
    });
  }
  // The hospital portal: the DICOM viewer on a 300-slice CT series, and what its first page loads.
  const viewer = await measureViewer(new URL(backend.endpoints.auth.issuer).origin, 300);
  const viewerHow = `${viewer.slices}-slice 512 × 512 16-bit CT series from the local relay (presigned GETs) in headless Chromium, CPU rendering`;
  rows.push(
    {
      id: 'viewer-first-image',
      value: viewer.firstImageMs,
      unit: 'ms',
      how: `openViewer() to the first slice drawn; ${viewerHow}`,
    },
    {
      id: 'viewer-code-load',
      value: viewer.importMs,
      unit: 'ms',
      how: 'loading the viewer chunk (import()) before it opens: added to the first image on a first open',
    },
    {
      id: 'viewer-all-slices-loaded',
      value: viewer.allLoadedMs,
      unit: 'ms',
      how: `every slice fetched and decoded; ${viewerHow}`,
    },
    {
      id: 'viewer-heap-after-scroll',
      value: viewer.heapAfterScrollMiB,
      unit: 'MiB',
      how: 'JS heap after scrolling the whole series, after GC (CDP Performance.getMetrics)',
    },
    {
      id: 'viewer-array-buffers-after-scroll',
      value: viewer.backingStoreMiB,
      unit: 'MiB',
      how: `ArrayBuffers outside the heap after the scroll (file bytes and decoded slices; Cornerstone's image cache ${viewer.imageCacheMiB} MiB of it)`,
    },
    {
      id: 'viewer-chunks-gzip',
      value: Math.round(viewer.viewerBytes.jsGzip / 1024),
      unit: 'KiB',
      how: "the viewer's JavaScript chunks gzipped (loaded when images are opened; codecs extra, per syntax)",
    },
  );
  const corpus = await measureCorpus();
  rows.push({
    id: 'dicom-corpus-verdicts-right',
    value: corpus.right,
    unit: `of ${corpus.total}`,
    how: 'real public DICOM files (test/fixtures/dicom-corpus) judged as the upload processor judges them, against dcmtk 3.6.7 dcmdump (scripts/corpus-reference.ts)',
  });
  const disc = await measureDiscIndex();
  rows.push({
    id: 'disc-index-bytes-read',
    value: disc.bytesRead,
    unit: 'B',
    how: `indexing a ${disc.images}-image zipped CT disc (256 × 256 16-bit, deflated, ${disc.archiveBytes} B): ${((disc.bytesRead / disc.archiveBytes) * 100).toFixed(1)} % of it read in ${disc.requests} ranged reads, ${disc.ms} ms in memory (readDiscImaging, 16 reads in flight)`,
  });
  const ocr = await measureOcr();
  rows.push({
    id: 'ocr-seconds-per-page',
    value: Number(ocr.secondsPerPage.toFixed(2)),
    unit: 's/page',
    how: `OCR of a ${ocr.pages}-page 250 dpi scanned report, one tesseract.js worker (eng+chi_sim), own process; engine start ${ocr.engineStartSeconds.toFixed(2)} s; peak RSS ${Math.round(ocr.peakRssMb)} MB`,
  });
  for (const receipt of await measureReceipts(projectRoot)) {
    rows.push({
      id: `receipt-pdf-render-ms-${receipt.language}`,
      value: Number(receipt.medianMs.toFixed(1)),
      unit: 'ms',
      how: `median of 10 renders of a three-line receipt in English and ${receipt.language} (renderReceiptPdf, fonts already open, as in a warm function); ${Math.round(receipt.bytes / 1024)} KiB with the fonts subset`,
    });
  }
  const portal = portalFirstPageBytes(projectRoot);
  rows.push({
    id: 'portal-first-page-gzip',
    value: Math.round(portal.gzip / 1024),
    unit: 'KiB',
    how: `the portal's first page: HTML, its script and stylesheets, gzipped (${portal.files} files; the viewer, download and opinion code load on demand, ${Math.round(portal.onDemandGzip / 1024)} KiB gzipped in all without codecs)`,
  });
  bundles = await measureBundles(projectRoot);
  rows.push(...bundles.rows);
} finally {
  await backend.stop();
  await rm(dataDir, { recursive: true, force: true });
}

const width = (key: keyof Row) => Math.max(key.length, ...rows.map((row) => String(row[key]).length));
const header = `| ${'id'.padEnd(width('id'))} | ${'value'.padStart(width('value'))} | ${'unit'.padEnd(width('unit'))} | how |`;
console.log(header);
console.log(
  `|${'-'.repeat(width('id') + 2)}|${'-'.repeat(width('value') + 2)}|${'-'.repeat(width('unit') + 2)}|-----|`,
);
for (const row of rows) {
  console.log(
    `| ${row.id.padEnd(width('id'))} | ${String(row.value).padStart(width('value'))} | ${row.unit.padEnd(width('unit'))} | ${row.how} |`,
  );
}
await mkdir(join(projectRoot, '.local'), { recursive: true });
await writeFile(join(projectRoot, '.local', 'bench.json'), `${JSON.stringify({ rows }, null, 2)}\n`);
console.log('\nWritten to .local/bench.json');
if (bundles) {
  console.log(`\n${bundles.table}`);
  for (const failure of bundles.failures) console.error(failure);
  if (bundles.failures.length > 0) process.exitCode = 1;
}
// The figures are written: end here. A workflow execution the stop aborted can leave
// aws-local-stepfunctions' own task timer (the state's TimeoutSeconds) behind, which would keep
// this process alive for days (seen after the local runtime moved steps into worker threads; not
// yet traced to the execution that leaves it).
process.exit(process.exitCode ?? 0);
