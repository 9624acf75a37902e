import { createSHA256 } from 'hash-wasm';
import { ChecksumMismatch } from './errors';

export interface ExpectedFile {
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * A pass-through stream that hashes every chunk (incremental SHA-256, so a file of any size
 * costs one chunk of memory) and, when its input ends, errors with ChecksumMismatch unless the
 * digest is the expected one. Erroring before the end reaches the consumer is what lets a zip
 * being written abort instead of closing an entry with bad bytes. A file that runs past its
 * size fails at once rather than after the rest of a wrong object has been fetched.
 */
export async function sha256Checked(
  expected: ExpectedFile,
  onBytes: (count: number) => void,
): Promise<TransformStream<Uint8Array, Uint8Array>> {
  const hasher = await createSHA256();
  hasher.init();
  let seen = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > expected.size) {
        throw new ChecksumMismatch(expected.fileName, expected.sha256, `more than ${expected.size} bytes`);
      }
      hasher.update(chunk);
      controller.enqueue(chunk);
      onBytes(chunk.byteLength);
    },
    flush() {
      const actual = hasher.digest('hex');
      if (actual !== expected.sha256) throw new ChecksumMismatch(expected.fileName, expected.sha256, actual);
    },
  });
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  hasher.update(bytes);
  return hasher.digest('hex');
}
