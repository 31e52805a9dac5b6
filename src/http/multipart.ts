/**
 * multipart/form-data, read from a body already in memory (express.raw with a size limit): text fields and file
 * parts, bytes kept as they are. Enough for the mini-app's feedback form (a few fields and up to a handful of
 * photos) without a dependency.
 */
export interface TFilePart {
  field: string;
  fileName: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

export interface TMultipart {
  fields: Record<string, string>;
  files: TFilePart[];
}

export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return (m?.[1] ?? m?.[2])?.trim() || undefined;
}

function param(headers: string, name: string): string | undefined {
  const star = new RegExp(`${name}\\*=(?:UTF-8'')?([^;\\r\\n]+)`, 'i').exec(headers)?.[1];
  if (star) {
    try { return decodeURIComponent(star.replace(/^"|"$/g, '')); } catch { /* fall through to the plain form */ }
  }
  const plain = new RegExp(`[;\\s]${name}="((?:[^"\\\\]|\\\\.)*)"|[;\\s]${name}=([^;\\r\\n]+)`, 'i').exec(headers);
  const v = plain?.[1] ?? plain?.[2];
  return v === undefined ? undefined : Buffer.from(v, 'latin1').toString('utf8');
}

/** One part of a multipart body as sent: its field name, file name and type when given, its bytes untouched. */
export interface TRawPart {
  field: string | undefined;
  fileName: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/** The parts of a multipart body in order; undefined when the content type has no boundary or the body is not multipart. */
export function readParts(body: Buffer, contentType: string): TRawPart[] | undefined {
  const boundary = boundaryOf(contentType);
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  const parts: TRawPart[] = [];
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    let part = body.subarray(start, next);
    if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('latin1');
      let data = part.subarray(headerEnd + 4);
      // The CRLF before the next delimiter belongs to the delimiter.
      if (data.subarray(-2).toString() === '\r\n') data = data.subarray(0, -2);
      const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
      parts.push({
        field: param(` ${disposition}`, 'name'),
        fileName: param(` ${disposition}`, 'filename')?.normalize('NFC'),
        contentType: /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim(),
        data,
      });
    }
    at = next;
  }
  return parts;
}

/** Parses the body into text fields and file parts; undefined when it is not multipart. */
export function parseMultipart(body: Buffer, contentType: string): TMultipart | undefined {
  const parts = readParts(body, contentType);
  if (!parts) return undefined;
  const out: TMultipart = { fields: {}, files: [] };
  for (const p of parts) {
    if (p.field === undefined) continue;
    if (p.fileName !== undefined || (p.contentType && !/^text\/plain$/i.test(p.contentType))) {
      out.files.push({ field: p.field, fileName: p.fileName, contentType: p.contentType, data: p.data });
    } else {
      out.fields[p.field] = p.data.toString('utf8');
    }
  }
  return out;
}
