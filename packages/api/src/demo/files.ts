import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

// Small but valid files for the demo's attachments: a one-page PDF (the scanned form stands in
// for a 核查认定表 or a certificate) and a PNG (a visit photo). Built from their text, so the
// same inputs always give the same bytes.

export interface DemoFile {
  content: Buffer;
  mimeType: string;
  size: number;
  sha256: string;
}

function file(content: Buffer, mimeType: string): DemoFile {
  return { content, mimeType, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

/** A one-page PDF with a few lines of ASCII text, cross-reference table and all. */
export function tinyPdf(lines: string[]): DemoFile {
  const escape = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const text = lines.map((l, i) => `BT /F1 12 Tf 56 ${780 - i * 18} Td (${escape(l)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return file(Buffer.from(body, 'latin1'), 'application/pdf');
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A small RGB PNG: a sky-to-field gradient with a darker band, tinted by `hue` (0–255). */
export function tinyPng(width: number, height: number, hue: number): DemoFile {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const sky = y < height / 2;
      const band = Math.abs(y - height * 0.55) < height * 0.08 && x > width * 0.3 && x < width * 0.7;
      const i = row + 1 + x * 3;
      raw[i] = band ? 120 : sky ? 140 + ((hue + y * 2) % 80) : 90 + (x % 40);
      raw[i + 1] = band ? 60 : sky ? 180 + (y % 60) : 140 + ((hue + x) % 60);
      raw[i + 2] = band ? 40 : sky ? 230 : 60 + (hue % 50);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return file(png, 'image/png');
}
