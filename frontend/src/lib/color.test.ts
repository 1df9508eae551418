import { describe, expect, it } from 'vitest';
import { PALETTE, contrastRatio, departmentColors, departmentHue, departmentStyle, hashString, hslToRgb } from './color';

const departments = ['Billing', 'Scheduling', 'Medical Records', 'Technical Support', 'Lab & Pharmacy', 'Facilities', 'Insurance', 'Patient Relations', 'Front Desk', 'HR', ''];

describe('department colours', () => {
  it('are deterministic and case/space-insensitive in hue', () => {
    expect(departmentColors('Billing')).toEqual(departmentColors('Billing'));
    expect(departmentHue('Billing')).toBe(departmentHue('  billing '));
    expect(hashString('Billing')).toBe(hashString('Billing'));
  });

  it('give the eight sample departments eight different palette hues', () => {
    const hues = departments.slice(0, 8).map(departmentHue);
    expect(new Set(hues).size).toBe(8);
    for (const h of hues) expect(PALETTE).toContain(h);
  });

  it('meet WCAG AA contrast in light and dark themes for many names', () => {
    const names = [...departments];
    for (let i = 0; i < 400; i++) names.push(`Department ${i}`);
    for (const n of names) {
      const c = departmentColors(n);
      expect(contrastRatio(c.light.fg, c.light.bg), n).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c.dark.fg, c.dark.bg), n).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('meet AA for every palette hue', () => {
    const byHue = new Map<number, string>();
    for (let i = 0; byHue.size < PALETTE.length && i < 5000; i++) byHue.set(departmentHue(`d${i}`), `d${i}`);
    expect(byHue.size).toBe(PALETTE.length);
    for (const name of byHue.values()) {
      const c = departmentColors(name);
      expect(contrastRatio(c.light.fg, c.light.bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c.dark.fg, c.dark.bg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('exposes CSS variables with hex colours', () => {
    const s = departmentStyle('Billing');
    expect(s).toMatch(/--dept-bg:#[0-9a-f]{6}/);
    expect(s).toMatch(/--dept-fg-dark:#[0-9a-f]{6}/);
  });

  it('computes contrast like WCAG', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 1);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 1);
    expect(hslToRgb(0, 100, 50)).toEqual([255, 0, 0]);
    expect(hslToRgb(120, 100, 25)).toEqual([0, 128, 0]);
  });
});
