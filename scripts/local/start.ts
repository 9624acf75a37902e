import { startLocalBackend } from './backend';
import { type ClockSettings, clockSettingsFromEnv } from './clock';
import { guardProcess } from './crash-guard';
import { DataDirInUseError } from './data-lock';

/** `npm start`: the whole backend on loopback until Ctrl-C. */
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not ${process.env.PORT}`);
  process.exit(2);
}

let clock: ClockSettings;
try {
  clock = clockSettingsFromEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const dataDir = process.env.DATA_DIR;
const backend = await startLocalBackend({ port, clock, ...(dataDir ? { dataDir } : {}) }).catch(
  (error: Error & { code?: string }) => {
    console.error(
      error instanceof DataDirInUseError
        ? error.message
        : error.code === 'EADDRINUSE'
          ? `Port ${port} is in use. Stop the other process or start with PORT=<another port> npm start.`
          : `The local backend could not start: ${error.message}`,
    );
    process.exit(1);
  },
);
// Up and serving: from now on no single request's failure ends the process.
guardProcess();

const { endpoints } = backend;
/** When a JWT expires, read from its own `exp` claim. */
function tokenExpiry(token: string): string {
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    exp?: number;
  };
  return exp ? new Date(exp * 1000).toISOString() : 'unknown';
}
console.log(`
Local oncology second-opinion backend is running (loopback only).

  API                 ${endpoints.apiUrl}
  Console             ${endpoints.consoleUrl}
  Hospital portal     ${endpoints.hospitalPortalUrl}
  Booking page        ${endpoints.bookingUrl}
  Sign-in (OpenID)    ${endpoints.auth.issuer}   client ${endpoints.auth.consoleClientId}
  Users (passwords are new at each start; no MFA locally):
${endpoints.users
  .map(
    (user) =>
      `    ${(user.role === 'coordinator' ? 'coordinator' : `staff of ${user.hospitalId}`).padEnd(36)} ${user.email.padEnd(40)} ${user.password}`,
  )
  .join('\n')}
  Coordinator token   (a machine access token for scripts and outside clients, valid until ${tokenExpiry(endpoints.coordinatorToken)})
    ${endpoints.coordinatorToken}
  Hospitals (sample data):
${endpoints.hospitals.map((h) => `    ${h.hospitalId.padEnd(24)} ${h.name}\n      token ${h.token}`).join('\n')}
  S3 emulator         ${endpoints.s3Endpoint}
  DynamoDB (dynalite) ${endpoints.dynamodbEndpoint}
  Step Functions      ${endpoints.stepFunctionsEndpoint}
  SES v2 emulator     ${endpoints.sesEndpoint}
  Mailbox (sent mail) ${endpoints.mailboxUrl}
  Business clock      ${backend.clock.isReal ? 'real time' : `${backend.clock.now().toISOString()} at ${backend.clock.speed}× (CLOCK_START, CLOCK_SPEED)`}

  Workflow executions resumed from the last run: ${backend.resumedExecutions.length ? backend.resumedExecutions.join(', ') : 'none'}

  Written to ${backend.dataDir}/endpoints.json. Mail is kept in ${backend.dataDir}/mail/ across restarts.
  Try it: npm run demo (in another terminal). Stop with Ctrl-C.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await backend.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
