import { ApiError } from './view';

/** What POST /cases/{id}/uploads answers: one presigned PUT, or presigned parts above 100 MB. */
export type UploadTicket =
  | {
      readonly uploadId: string;
      readonly method: 'PUT';
      readonly url: string;
      readonly headers: Record<string, string>;
    }
  | {
      readonly uploadId: string;
      readonly method: 'MULTIPART';
      readonly partSize: number;
      readonly parts: readonly { readonly partNumber: number; readonly url: string; readonly size: number }[];
    };

/** Headers a browser sets itself and refuses from a script. */
const browserOwned = new Set(['content-length', 'host']);

/**
 * One PUT to storage with progress (fetch reports none for uploads, XMLHttpRequest does).
 * Resolves with the ETag storage answered.
 */
function put(
  url: string,
  headers: Record<string, string>,
  body: Blob,
  onProgress: (sent: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) {
      if (!browserOwned.has(name.toLowerCase())) request.setRequestHeader(name, value);
    }
    request.upload.addEventListener('progress', (event) => onProgress(event.loaded));
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) resolve(request.getResponseHeader('etag') ?? '');
      else
        reject(
          new ApiError(request.status, 'storage_refused', `Storage refused the file (${request.status}).`),
        );
    });
    request.addEventListener('error', () =>
      reject(new ApiError(0, 'network_error', 'The connection to storage failed.')),
    );
    request.send(body);
  });
}

/**
 * Sends a file as its ticket says: one PUT, or each part in turn followed by `complete` with
 * the parts' ETags. `onProgress` gets the fraction sent (0 to 1).
 */
export async function uploadFile(
  ticket: UploadTicket,
  file: File,
  onProgress: (fraction: number) => void,
  complete: (parts: { partNumber: number; etag: string }[]) => Promise<unknown>,
): Promise<void> {
  if (ticket.method === 'PUT') {
    await put(ticket.url, ticket.headers, file, (sent) => onProgress(sent / file.size));
    return;
  }
  const done: { partNumber: number; etag: string }[] = [];
  let before = 0;
  for (const part of ticket.parts) {
    const start = (part.partNumber - 1) * ticket.partSize;
    const etag = await put(part.url, {}, file.slice(start, start + part.size), (sent) =>
      onProgress((before + sent) / file.size),
    );
    before += part.size;
    done.push({ partNumber: part.partNumber, etag });
  }
  await complete(done);
}
