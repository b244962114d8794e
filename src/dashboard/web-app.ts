import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * What makes the dashboard an installable web app: the manifest and its PNG icons, drawn here
 * from the same picture as the favicon (a rising line on a blue tile) so that nothing is
 * downloaded and no binary is committed. The build (vite.config.ts) writes these files under
 * /assets/ with content-hashed names and links them from index.html.
 */

const BLUE: Rgba = [0x23, 0x4b, 0xd1, 255];
const WHITE: Rgba = [255, 255, 255, 255];
/** The favicon's line in its 32 × 32 box, and its stroke width. */
const LINE: readonly (readonly [number, number])[] = [
  [8, 22],
  [13, 15],
  [17, 19],
  [24, 9],
];
const STROKE = 3;
const CORNER = 7;

type Rgba = readonly [number, number, number, number];

export interface IconOptions {
  /**
   * `any`: a rounded tile on a transparent ground, as the favicon. `full`: the tile fills the
   * square (maskable icons, whose platform cuts the shape, and Apple's, which fills transparency
   * with black); the line stays inside the central circle that every mask keeps.
   */
  shape: 'any' | 'full';
}

/** The icon as RGBA pixels, anti-aliased with 4 × 4 samples per pixel. */
export function drawIcon(size: number, { shape }: IconOptions): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const n = 4;
  const unit = 32 / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const u = (x + (sx + 0.5) / n) * unit;
          const v = (y + (sy + 0.5) / n) * unit;
          const c = sample(u, v, shape);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (y * size + x) * 4;
      if (a === 0) continue;
      px[i] = Math.round(r / a);
      px[i + 1] = Math.round(g / a);
      px[i + 2] = Math.round(b / a);
      px[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return px;
}

/** The colour at (u, v) in the 32 × 32 box, or undefined outside the tile. */
function sample(u: number, v: number, shape: IconOptions['shape']): Rgba | undefined {
  if (shape === 'any' && !inRoundedSquare(u, v)) return undefined;
  // Full-bleed icons get the line a little smaller, well inside the mask's safe circle.
  const k = shape === 'full' ? 0.85 : 1;
  const lu = 16 + (u - 16) / k;
  const lv = 16 + (v - 16) / k;
  return distanceToLine(lu, lv) <= STROKE / 2 ? WHITE : BLUE;
}

function inRoundedSquare(u: number, v: number): boolean {
  const dx = Math.max(CORNER - u, 0, u - (32 - CORNER));
  const dy = Math.max(CORNER - v, 0, v - (32 - CORNER));
  return dx * dx + dy * dy <= CORNER * CORNER;
}

/** Distance to the polyline: round caps and joins come for free. */
function distanceToLine(u: number, v: number): number {
  let best = Infinity;
  for (let i = 1; i < LINE.length; i++) {
    const [x1, y1] = LINE[i - 1]!;
    const [x2, y2] = LINE[i]!;
    const dx = x2 - x1;
    const dy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((u - x1) * dx + (v - y1) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(u - (x1 + t * dx), v - (y1 + t * dy)));
  }
  return best;
}

/** A truecolour-with-alpha PNG of `size` × `size` RGBA pixels. */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, adaptive filters, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface WebAppFile {
  /** path under the build directory, e.g. `assets/icon-192-ab12cd34.png` */
  fileName: string;
  contentType: string;
  source: Buffer;
}

export interface WebApp {
  files: WebAppFile[];
  /** the elements index.html needs, for Vite's transformIndexHtml */
  headTags: { tag: string; attrs: Record<string, string> }[];
}

const ICONS = [
  { name: 'icon-192', size: 192, shape: 'any', purpose: 'any' },
  { name: 'icon-512', size: 512, shape: 'any', purpose: 'any' },
  { name: 'icon-maskable-512', size: 512, shape: 'full', purpose: 'maskable' },
  { name: 'apple-touch-icon', size: 180, shape: 'full', purpose: undefined },
] as const;

function hashed(name: string, ext: string, source: Buffer): string {
  const hash = createHash('sha256').update(source).digest('base64url').slice(0, 8);
  return `assets/${name}-${hash}.${ext}`;
}

/** The manifest, its icons and the head tags that point at them; the same bytes on every build. */
export function buildWebApp(): WebApp {
  const icons = ICONS.map((i) => {
    const source = encodePng(i.size, drawIcon(i.size, { shape: i.shape }));
    return { ...i, source, fileName: hashed(i.name, 'png', source) };
  });
  const manifest = {
    id: '/',
    name: 'threads-agent',
    short_name: 'threads-agent',
    description: 'Viral-content intelligence for Threads creators: posts, patterns, comments and DMs.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#f6f7f9',
    theme_color: '#ffffff',
    icons: icons
      .filter((i) => i.purpose)
      .map((i) => ({
        src: `/${i.fileName}`,
        sizes: `${i.size}x${i.size}`,
        type: 'image/png',
        purpose: i.purpose,
      })),
    shortcuts: [
      { name: 'Comments', short_name: 'Comments', url: '/inbox' },
      { name: 'Anomalies', short_name: 'Anomalies', url: '/alerts' },
    ],
  };
  const manifestSource = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const manifestFile = hashed('manifest', 'webmanifest', manifestSource);
  const apple = icons.find((i) => i.name === 'apple-touch-icon')!;
  return {
    files: [
      ...icons.map((i) => ({ fileName: i.fileName, contentType: 'image/png', source: i.source })),
      { fileName: manifestFile, contentType: 'application/manifest+json', source: manifestSource },
    ],
    headTags: [
      { tag: 'link', attrs: { rel: 'manifest', href: `/${manifestFile}` } },
      { tag: 'link', attrs: { rel: 'apple-touch-icon', href: `/${apple.fileName}` } },
    ],
  };
}
