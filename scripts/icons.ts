/**
 * `npm run icons`: renders the two Teams app icons from the one drawing, appPackage/icon.svg.
 *
 * Teams wants a 192x192 full-colour icon and a 32x32 outline icon that is white on transparent
 * (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package).
 * Drawing the outline by hand would let the two drift apart, so it is rendered from the same
 * drawing: background removed, cropped to the 96x96 safe area the colour icon keeps its symbol
 * in, and every pixel made white with its coverage kept as alpha.
 *
 * The PNGs are committed: `npm run package` only zips them, so packaging needs no renderer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';

const ROOT = path.resolve(import.meta.dirname, '..');

export const ICON_SOURCE = path.join(ROOT, 'appPackage', 'icon.svg');
export const COLOR_ICON = { file: path.join(ROOT, 'appPackage', 'color.png'), size: 192 } as const;
export const OUTLINE_ICON = { file: path.join(ROOT, 'appPackage', 'outline.png'), size: 32 } as const;

/** The colour icon's safe area (x y width height in the drawing's 192 units): the outline's frame. */
export const OUTLINE_VIEWBOX = '48 48 96 96';

const BACKGROUND_ELEMENT = /<rect\b[^>]*\bid="background"[^>]*\/>/g;
const ROOT_VIEWBOX = /(<svg\b[^>]*\bviewBox=")[^"]*(")/;

/** The 192x192 colour icon, exactly as drawn. */
export function renderColorIcon(svg: string): Buffer {
  return render(svg, COLOR_ICON.size);
}

/** The 32x32 outline icon: the drawing without its background, white on transparent. */
export function renderOutlineIcon(svg: string): Buffer {
  const backgrounds = svg.match(BACKGROUND_ELEMENT) ?? [];
  if (backgrounds.length !== 1) {
    throw new Error(
      `appPackage/icon.svg must contain exactly one self-closing <rect id="background" .../> ` +
        `(found ${backgrounds.length}): the outline icon is the drawing without it.`,
    );
  }
  if (!ROOT_VIEWBOX.test(svg)) {
    throw new Error('appPackage/icon.svg must have a viewBox on its <svg> element.');
  }
  const glyphOnly = svg.replace(BACKGROUND_ELEMENT, '').replace(ROOT_VIEWBOX, `$1${OUTLINE_VIEWBOX}$2`);
  const png = PNG.sync.read(render(glyphOnly, OUTLINE_ICON.size));
  // White with the rendered coverage as alpha: anti-aliased edges stay smooth, and no pixel can
  // carry a colour even if someone later draws a coloured detail into the glyph.
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = 255;
    png.data[i + 1] = 255;
    png.data[i + 2] = 255;
  }
  return PNG.sync.write(png, { colorType: 6 });
}

function render(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } })
    .render()
    .asPng();
}

function main() {
  const svg = readFileSync(ICON_SOURCE, 'utf8');
  for (const [icon, png] of [
    [COLOR_ICON, renderColorIcon(svg)],
    [OUTLINE_ICON, renderOutlineIcon(svg)],
  ] as const) {
    writeFileSync(icon.file, png);
    console.log(`Wrote ${path.relative(ROOT, icon.file)} (${icon.size}x${icon.size}, ${png.length} bytes)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(`npm run icons failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
