// The switch rules of the hybrid classifier, against monitors computed by hand.
import { describe, it, expect } from 'vitest';
import { frobeniusDistance, parseSwitchRule, shouldSwitch, windowMonitor } from '../../src/classify/switch-rules.js';

describe('switch rules', () => {
  it('parses the four forms and names malformed ones', () => {
    expect(parseSwitchRule('fixed:5')).toEqual({ kind: 'fixed', epoch: 5 });
    expect(parseSwitchRule('param-norm:3:0.01')).toEqual({ kind: 'param-norm', window: 3, threshold: 0.01 });
    expect(parseSwitchRule('ntk-norm:2:1e-3')).toEqual({ kind: 'ntk-norm', window: 2, threshold: 1e-3 });
    expect(parseSwitchRule('scout:20')).toEqual({ kind: 'scout', epochs: 20 });
    expect(() => parseSwitchRule('fixed')).toThrow(/'fixed' should read fixed:E/);
    expect(() => parseSwitchRule('fixed:0')).toThrow(/E must be a whole number ≥ 1, got '0'/);
    expect(() => parseSwitchRule('param-norm:2:-1')).toThrow(/T must be a positive number, got '-1'/);
    expect(() => parseSwitchRule('param-norm:2:0x1')).toThrow(/T must be a positive number/);
    expect(() => parseSwitchRule('loss:3')).toThrow(/unknown rule 'loss'/);
  });

  it('param-norm: m_e = ‖θ_e − θ_{e−K}‖₂ from e ≥ K', () => {
    const thetas = [[0, 0], [3, 4], [3, 4.5], [3.1, 4.5]].map((t) => Float64Array.from(t));
    expect(windowMonitor('param-norm', thetas.slice(0, 2), 2)).toBeNull();
    expect(windowMonitor('param-norm', thetas.slice(0, 3), 2)).toBeCloseTo(Math.hypot(3, 4.5), 15);
    expect(windowMonitor('param-norm', thetas, 1)).toBeCloseTo(0.1, 15);
    const rule = parseSwitchRule('param-norm:1:0.2');
    expect(shouldSwitch(rule, 3, windowMonitor('param-norm', thetas, 1))).toBe(true);
    expect(shouldSwitch(rule, 2, windowMonitor('param-norm', thetas.slice(0, 3), 1))).toBe(false);
    expect(shouldSwitch(rule, 0, null)).toBe(false);
  });

  it('ntk-norm: d_e = ‖K_e − K_0‖_F, m_e = |d_e − d_{e−K}|', () => {
    const K0 = [1, 0, 0, 1], K1 = [1.5, 0, 0, 1], K2 = [1.5, 0.1, 0.1, 1];
    const d = [0, frobeniusDistance(K1, K0), frobeniusDistance(K2, K0)];
    expect(d[1]).toBe(0.5);
    expect(d[2]).toBeCloseTo(Math.sqrt(0.25 + 0.02), 15);
    expect(windowMonitor('ntk-norm', d, 1)).toBeCloseTo(Math.sqrt(0.27) - 0.5, 15);
    expect(windowMonitor('ntk-norm', d, 2)).toBeCloseTo(Math.sqrt(0.27), 15);
    expect(shouldSwitch(parseSwitchRule('ntk-norm:1:0.05'), 2, windowMonitor('ntk-norm', d, 1))).toBe(true);
  });

  it('fixed switches from epoch E on; scout never does', () => {
    expect([1, 2, 3].map((e) => shouldSwitch(parseSwitchRule('fixed:2'), e, null))).toEqual([false, true, true]);
    expect(shouldSwitch(parseSwitchRule('scout:5'), 5, 0)).toBe(false);
  });
});
