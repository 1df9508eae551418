import { describe, expect, it } from 'vitest';
import { contrastRatio, departmentColors, departmentHue, departmentStyle, hashString, hslToRgb } from './color';

const departments = ['Billing', 'Scheduling', 'Medical Records', 'Technical Support', 'Lab & Pharmacy', 'Facilities', 'Front Desk', 'Insurance', 'HR', ''];

describe('department colours', () => {
  it('are deterministic and case/space-insensitive in hue', () => {
    expect(departmentColors('Billing')).toEqual(departmentColors('Billing'));
    expect(departmentHue('Billing')).toBe(departmentHue('  billing '));
    expect(hashString('Billing')).toBe(hashString('Billing'));
  });

  it('keep the sample departments at least 45° apart on the colour wheel', () => {
    const hues = departments.slice(0, 6).map(departmentHue);
    for (let i = 0; i < hues.length; i++)
      for (let j = i + 1; j < hues.length; j++) {
        const d = Math.abs(hues[i] - hues[j]) % 360;
        expect(Math.min(d, 360 - d)).toBeGreaterThanOrEqual(45);
      }
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

  it('meet AA for every hue on the wheel', () => {
    // Guard the palette itself, not just the hashed names.
    for (let h = 0; h < 360; h += 15) {
      const name = [...departments, ...Array.from({ length: 500 }, (_, i) => `d${i}`)].find((n) => departmentHue(n) === h);
      if (!name) continue;
      const c = departmentColors(name);
      expect(contrastRatio(c.light.fg, c.light.bg)).toBeGreaterThanOrEqual(4.5);
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
