/** A file whose bytes did not hash to the SHA-256 the relay and the manifest give for it. */
export class ChecksumMismatch extends Error {
  override readonly name = 'ChecksumMismatch';
  constructor(
    readonly fileName: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${fileName}: SHA-256 ${actual} does not match ${expected}`);
  }
}

/** The package's manifest is missing, does not match its own digest, or disagrees with the relay's listing. */
export class ManifestMismatch extends Error {
  override readonly name = 'ManifestMismatch';
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName}: ${reason}`);
  }
}

/** Storage answered a file's download with something other than its bytes (an expired link, a missing object). */
export class DownloadFailed extends Error {
  override readonly name = 'DownloadFailed';
  constructor(
    readonly fileName: string,
    readonly status: number,
  ) {
    super(`${fileName}: storage answered ${status}`);
  }
}
