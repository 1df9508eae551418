// Deterministic department colours. The hue comes from a hash of the name, so
// a department keeps its colour across sessions and machines; lightness is
// then adjusted until text and background reach WCAG AA (4.5:1) contrast in
// both the light and the dark theme.

export interface ChipColors {
  hue: number;
  light: { bg: string; fg: string; accent: string };
  dark: { bg: string; fg: string; accent: string };
}

/**
 * Twelve well-separated hues (red, orange, amber, lime, green, teal, cyan,
 * blue, indigo, violet, magenta, rose). Quantising to a curated palette keeps
 * two departments from getting colours that differ by a few degrees.
 */
export const PALETTE = [0, 22, 45, 90, 130, 170, 195, 218, 250, 275, 300, 335] as const;

/**
 * Seed of the hash. Chosen once so that the departments of the sample
 * knowledge base land on eight different palette slots; any other name still
 * gets a stable colour.
 */
const SEED = 2233;

/** 32-bit FNV-1a over the UTF-16 code units, with a final avalanche mix. */
export function hashString(s: string, seed = SEED): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/** The hue (degrees) for a department; case and surrounding spaces do not matter. */
export function departmentHue(name: string): number {
  const key = name.trim().toLowerCase();
  return PALETTE[hashString(key) % PALETTE.length];
}

export type RGB = [number, number, number];

export function hslToRgb(h: number, s: number, l: number): RGB {
  s /= 100;
  l /= 100;
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

export function toHex([r, g, b]: RGB): string {
  return '#' + [r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('');
}

export function parseHex(hex: string): RGB {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`bad colour ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

export function relativeLuminance([r, g, b]: RGB): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: RGB | string, b: RGB | string): number {
  const la = relativeLuminance(typeof a === 'string' ? parseHex(a) : a);
  const lb = relativeLuminance(typeof b === 'string' ? parseHex(b) : b);
  const [hi, lo] = la > lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

const MIN_CONTRAST = 4.6; // a little headroom above AA's 4.5

function pair(h: number, bgS: number, bgL: number, fgS: number, fgL: number, step: number) {
  const bg = hslToRgb(h, bgS, bgL);
  let l = fgL;
  let fg = hslToRgb(h, fgS, l);
  while (contrastRatio(fg, bg) < MIN_CONTRAST && l > 0 && l < 100) {
    l = Math.max(0, Math.min(100, l + step));
    fg = hslToRgb(h, fgS, l);
  }
  return { bg: toHex(bg), fg: toHex(fg) };
}

const cache = new Map<string, ChipColors>();

/** Colours for a department chip, deterministic in the department name. */
export function departmentColors(name: string): ChipColors {
  const hit = cache.get(name);
  if (hit) return hit;
  const hue = departmentHue(name);
  const light = pair(hue, 75, 93, 70, 28, -2);
  const dark = pair(hue, 35, 22, 80, 82, +2);
  const c: ChipColors = {
    hue,
    light: { ...light, accent: toHex(hslToRgb(hue, 65, 42)) },
    dark: { ...dark, accent: toHex(hslToRgb(hue, 70, 62)) },
  };
  cache.set(name, c);
  return c;
}

/** CSS custom properties for an element showing a department colour. */
export function departmentStyle(name: string): string {
  const c = departmentColors(name);
  return [
    `--dept-bg:${c.light.bg}`,
    `--dept-fg:${c.light.fg}`,
    `--dept-accent:${c.light.accent}`,
    `--dept-bg-dark:${c.dark.bg}`,
    `--dept-fg-dark:${c.dark.fg}`,
    `--dept-accent-dark:${c.dark.accent}`,
  ].join(';');
}
