/**
 * The committed icons, read back from the PNG files: Teams' sizes, a white-on-transparent outline,
 * and both still what `npm run icons` renders from appPackage/icon.svg.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderColorIcon, renderOutlineIcon } from '../../scripts/icons';

const APP_PACKAGE = path.resolve(import.meta.dirname, '..', '..', 'appPackage');
const png = (file: string) => PNG.sync.read(readFileSync(path.join(APP_PACKAGE, file)));
const svg = readFileSync(path.join(APP_PACKAGE, 'icon.svg'), 'utf8');

function alphaAt(image: PNG, x: number, y: number): number {
  return image.data[(y * image.width + x) * 4 + 3]!;
}

describe('color.png', () => {
  it('is 192x192', () => {
    const color = png('color.png');
    expect([color.width, color.height]).toEqual([192, 192]);
  });

  it('has a solid background (no transparent pixels) and more than one colour', () => {
    const color = png('color.png');
    const colours = new Set<number>();
    let notOpaque = 0;
    for (let i = 0; i < color.data.length; i += 4) {
      if (color.data[i + 3] !== 255) notOpaque++;
      colours.add(color.data.readUInt32BE(i));
    }
    expect(notOpaque).toBe(0);
    expect(colours.size).toBeGreaterThan(1);
  });
});

describe('outline.png', () => {
  const outline = png('outline.png');

  it('is 32x32', () => {
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('is transparent around the symbol', () => {
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ] as const) {
      expect(alphaAt(outline, x, y), `corner ${x},${y}`).toBe(0);
    }
    let transparent = 0;
    let opaque = 0;
    for (let i = 3; i < outline.data.length; i += 4) {
      if (outline.data[i] === 0) transparent++;
      if (outline.data[i] === 255) opaque++;
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.1);
  });

  it('has only white pixels wherever anything shows', () => {
    const offColour: string[] = [];
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a! > 0 && (r !== 255 || g !== 255 || b !== 255)) offColour.push(`pixel ${i / 4}: ${r},${g},${b}`);
    }
    expect(offColour).toEqual([]);
  });
});

describe('npm run icons', () => {
  it('renders the committed PNGs from appPackage/icon.svg (run it after editing the drawing)', () => {
    expect(PNG.sync.read(renderColorIcon(svg)).data.equals(png('color.png').data)).toBe(true);
    expect(PNG.sync.read(renderOutlineIcon(svg)).data.equals(png('outline.png').data)).toBe(true);
  });

  it('draws the outline from the same glyph the colour icon shows', () => {
    // Where the outline is solid, the colour icon's pixel (scaled to the same 96x96 safe area)
    // is the white glyph, not the blue background.
    const color = png('color.png');
    const outline = png('outline.png');
    let compared = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        if (alphaAt(outline, x, y) !== 255) continue;
        const cx = 48 + x * 3 + 1;
        const cy = 48 + y * 3 + 1;
        const i = (cy * 192 + cx) * 4;
        expect(Math.min(color.data[i]!, color.data[i + 1]!, color.data[i + 2]!), `${x},${y}`).toBeGreaterThan(
          200,
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('refuses a drawing whose background it cannot remove, saying what to fix', () => {
    expect(() => renderOutlineIcon(svg.replace('<rect id="background"', '<rect id="backdrop"'))).toThrow(
      /exactly one self-closing <rect id="background"/,
    );
  });
});
