import { describe, expect, it } from 'vitest';
import { RateEstimator, formatRemaining } from './eta';

describe('RateEstimator', () => {
  it('says nothing until two seconds of a phase are seen, then extrapolates the rate', () => {
    let t = 1_000;
    const e = new RateEstimator(() => t);
    e.observe({ phase: 'import', done: 0, total: 1000 });
    expect(e.remaining()).toBeNull();
    t += 1_000;
    e.observe({ phase: 'import', done: 50, total: 1000 });
    expect(e.remaining()).toBeNull(); // 1 s is too little
    t += 1_000;
    e.observe({ phase: 'import', done: 100, total: 1000 });
    // 100 in 2 s → 900 left at 50/s = 18 s.
    expect(e.remaining()).toBeCloseTo(18);
  });

  it('starts over on a new phase or total, and when the count goes back', () => {
    let t = 1;
    const e = new RateEstimator(() => t);
    e.observe({ phase: 'import', done: 0, total: 10 });
    t += 5_000;
    e.observe({ phase: 'import', done: 5, total: 10 });
    expect(e.remaining()).toBeCloseTo(5);
    e.observe({ phase: 'index', done: 1, total: 40 });
    expect(e.remaining()).toBeNull();
    t += 4_000;
    e.observe({ phase: 'index', done: 21, total: 40 });
    expect(e.remaining()).toBeCloseTo(3.8); // 20 in 4 s, 19 left
    e.observe({ phase: 'index', done: 2, total: 40 });
    expect(e.remaining()).toBeNull();
    e.reset();
    expect(e.remaining()).toBeNull();
  });
});

describe('formatRemaining', () => {
  it('rounds to what a person reads at a glance', () => {
    expect(formatRemaining(null)).toBe('');
    expect(formatRemaining(4)).toBe('a few seconds left');
    expect(formatRemaining(42)).toBe('about 40 s left');
    expect(formatRemaining(150)).toBe('about 3 min left');
    expect(formatRemaining(3600 + 5 * 60)).toBe('about 1 h 5 min left');
    expect(formatRemaining(7200)).toBe('about 2 h left');
  });
});
