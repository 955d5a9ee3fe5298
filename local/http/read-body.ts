/**
 * Reads a request body up to a byte limit, for the local HTTP servers (API Gateway adapter, Invoke
 * endpoint), which both must refuse oversized payloads the way AWS does instead of buffering them.
 */
import type { IncomingMessage } from 'node:http';

export type BodyReadResult =
  | { readonly kind: 'ok'; readonly body: Buffer }
  | { readonly kind: 'too-large'; readonly bytes: number };

/**
 * Reads the whole body. Past `limitBytes` it stops buffering but keeps consuming (and counting) the
 * rest, so the caller can answer with an error the client actually receives: answering while the
 * client is still uploading makes many clients fail with a reset instead of showing the status.
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyReadResult> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    bytes += buffer.length;
    if (bytes <= limitBytes) chunks.push(buffer);
  }
  if (bytes > limitBytes) return { kind: 'too-large', bytes };
  return { kind: 'ok', body: Buffer.concat(chunks, bytes) };
}
