import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildWebApp, drawIcon, encodePng } from './web-app.js';

/** Decode what encodePng writes: 8-bit RGBA, filter 0 on every row. */
function decodePng(png: Buffer): { size: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const size = png.readUInt32BE(16);
  expect(png.readUInt32BE(20)).toBe(size);
  expect([...png.subarray(24, 29)]).toEqual([8, 6, 0, 0, 0]);
  const idats: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idats.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idats));
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    expect(raw[y * (size * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * size * 4, y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1));
  }
  return { size, rgba };
}

const pixel = (rgba: Buffer, size: number, x: number, y: number) => [
  ...rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4),
];

describe(drawIcon.name, () => {
  it('draws the favicon: a blue rounded tile with a white line, transparent corners', () => {
    const size = 64;
    const { rgba } = decodePng(encodePng(size, drawIcon(size, { shape: 'any' })));
    expect(pixel(rgba, size, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, size, 32, 60)).toEqual([0x23, 0x4b, 0xd1, 255]);
    // (13, 15) is a corner of the line in the 32-unit box: the middle of the stroke
    expect(pixel(rgba, size, 26, 30)).toEqual([255, 255, 255, 255]);
  });

  it('fills the square for maskable and Apple icons', () => {
    const size = 64;
    const rgba = Buffer.from(drawIcon(size, { shape: 'full' }));
    expect(pixel(rgba, size, 0, 0)).toEqual([0x23, 0x4b, 0xd1, 255]);
    expect(pixel(rgba, size, 63, 63)).toEqual([0x23, 0x4b, 0xd1, 255]);
  });

  it('keeps the line of a full-bleed icon inside the circle every mask keeps (80 % of the size)', () => {
    const size = 128;
    const rgba = Buffer.from(drawIcon(size, { shape: 'full' }));
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) <= 0.4 * size) continue;
        expect(pixel(rgba, size, x, y), `${x},${y}`).toEqual([0x23, 0x4b, 0xd1, 255]);
      }
    }
  });
});

describe(buildWebApp.name, () => {
  it('makes the same files on every build, named by their content', () => {
    const a = buildWebApp();
    const b = buildWebApp();
    expect(a.files.map((f) => f.fileName)).toEqual(b.files.map((f) => f.fileName));
    expect(a.files.every((f, i) => f.source.equals(b.files[i]!.source))).toBe(true);
    for (const f of a.files) expect(f.fileName).toMatch(/^assets\/[\w-]+-[\w-]{8}\.(png|webmanifest)$/);
  });

  it('lists in the manifest icons of the sizes they are, and links manifest and Apple icon from the page', () => {
    const { files, headTags } = buildWebApp();
    const manifestFile = files.find((f) => f.fileName.endsWith('.webmanifest'))!;
    const manifest = JSON.parse(manifestFile.source.toString('utf8')) as {
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((i) => i.purpose)).toEqual(['any', 'any', 'maskable']);
    for (const icon of manifest.icons) {
      const file = files.find((f) => `/${f.fileName}` === icon.src);
      expect(file?.contentType).toBe('image/png');
      const { size } = decodePng(file!.source);
      expect(`${size}x${size}`).toBe(icon.sizes);
    }
    expect(headTags.map((t) => t.attrs)).toEqual([
      { rel: 'manifest', href: `/${manifestFile.fileName}` },
      { rel: 'apple-touch-icon', href: expect.stringMatching(/^\/assets\/apple-touch-icon-[\w-]{8}\.png$/) },
    ]);
  });
});
