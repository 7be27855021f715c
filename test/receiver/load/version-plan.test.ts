// The version planner on its own: the delta for in-order, out-of-order and reload cases.
import { planVersions, type StoredVersion } from '../../../receiver/load/version-plan.js';

const v = (id: number, from: string, to: string | null, hash: string, key = 'k'): StoredVersion => ({ id, key, hash, from, to });
const item = (hash: string, key = 'k') => new Map([[key, { key, hash }]]);
const none = new Map<string, { key: string; hash: string }>();
const all = () => true;

describe('planVersions', () => {
  test('in order: unchanged item writes nothing', () => {
    const plan = planVersions({ date: '2026-11-05', next: null, stored: [v(1, '2026-11-01', null, 'a')], incoming: item('a'), closable: all });
    expect(plan).toEqual({ deletes: [], shrinks: [], extends: [], copies: [], inserts: [] });
  });

  test('in order: changed item closes the current version and opens a new one', () => {
    const plan = planVersions({ date: '2026-11-05', next: null, stored: [v(1, '2026-11-01', null, 'a')], incoming: item('b'), closable: all });
    expect(plan.shrinks).toEqual([{ id: 1, from: '2026-11-01', to: '2026-11-05' }]);
    expect(plan.inserts).toEqual([{ key: 'k', from: '2026-11-05', to: null }]);
  });

  test('in order: removed item is closed, unless absence means nothing', () => {
    const stored = [v(1, '2026-11-01', null, 'a')];
    expect(planVersions({ date: '2026-11-05', next: null, stored, incoming: none, closable: all }).shrinks).toEqual([{ id: 1, from: '2026-11-01', to: '2026-11-05' }]);
    expect(planVersions({ date: '2026-11-05', next: null, stored, incoming: none, closable: () => false })).toEqual({ deletes: [], shrinks: [], extends: [], copies: [], inserts: [] });
  });

  test('new item opens a version', () => {
    expect(planVersions({ date: '2026-11-05', next: null, stored: [], incoming: item('a'), closable: all }).inserts).toEqual([{ key: 'k', from: '2026-11-05', to: null }]);
  });

  test('out of order: a different day in the middle of a version splits it in three', () => {
    const plan = planVersions({ date: '2026-11-04', next: '2026-11-05', stored: [v(1, '2026-11-03', null, 'a')], incoming: item('b'), closable: all });
    expect(plan.shrinks).toEqual([{ id: 1, from: '2026-11-03', to: '2026-11-04' }]);
    expect(plan.inserts).toEqual([{ key: 'k', from: '2026-11-04', to: '2026-11-05' }]);
    expect(plan.copies).toEqual([{ srcId: 1, from: '2026-11-05', to: null }]);
  });

  test('out of order: equal to the next version extends it backwards', () => {
    const stored = [v(1, '2026-11-03', '2026-11-05', 'a'), v(2, '2026-11-05', null, 'b')];
    const plan = planVersions({ date: '2026-11-04', next: '2026-11-05', stored, incoming: item('b'), closable: all });
    expect(plan).toEqual({ deletes: [], shrinks: [{ id: 1, from: '2026-11-03', to: '2026-11-04' }], extends: [{ id: 2, from: '2026-11-04', to: null }], copies: [], inserts: [] });
  });

  test('out of order: an item only seen on the earlier day gets [D, N)', () => {
    const plan = planVersions({ date: '2026-11-04', next: '2026-11-05', stored: [], incoming: item('a'), closable: all });
    expect(plan.inserts).toEqual([{ key: 'k', from: '2026-11-04', to: '2026-11-05' }]);
  });

  test('out of order: absent on D, present before and after: closed at D and re-opened at N', () => {
    const plan = planVersions({ date: '2026-11-04', next: '2026-11-05', stored: [v(1, '2026-11-03', null, 'a')], incoming: none, closable: all });
    expect(plan.shrinks).toEqual([{ id: 1, from: '2026-11-03', to: '2026-11-04' }]);
    expect(plan.copies).toEqual([{ srcId: 1, from: '2026-11-05', to: null }]);
  });

  test('filling a gap between two equal versions merges all three', () => {
    const stored = [v(1, '2026-11-03', '2026-11-04', 'a'), v(2, '2026-11-05', null, 'a')];
    const plan = planVersions({ date: '2026-11-04', next: '2026-11-05', stored, incoming: item('a'), closable: all });
    expect(plan).toEqual({ deletes: [2], shrinks: [], extends: [{ id: 1, from: '2026-11-03', to: null }], copies: [], inserts: [] });
  });

  test('reload of the same day: same content writes nothing, different content corrects it', () => {
    const stored = [v(1, '2026-11-01', '2026-11-05', 'a'), v(2, '2026-11-05', null, 'b')];
    expect(planVersions({ date: '2026-11-05', next: null, stored, incoming: item('b'), closable: all })).toEqual({ deletes: [], shrinks: [], extends: [], copies: [], inserts: [] });
    // corrected back to the previous attributes: the day-5 version goes, the earlier one is current again
    expect(planVersions({ date: '2026-11-05', next: null, stored, incoming: item('a'), closable: all })).toEqual({ deletes: [2], shrinks: [], extends: [{ id: 1, from: '2026-11-01', to: null }], copies: [], inserts: [] });
    const plan = planVersions({ date: '2026-11-05', next: null, stored, incoming: item('c'), closable: all });
    expect(plan.deletes).toEqual([2]);
    expect(plan.inserts).toEqual([{ key: 'k', from: '2026-11-05', to: null }]);
  });

  test('keys are planned independently', () => {
    const stored = [v(1, '2026-11-01', null, 'a', 'x'), v(2, '2026-11-01', null, 'a', 'y')];
    const plan = planVersions({ date: '2026-11-05', next: null, stored, incoming: new Map([['x', { key: 'x', hash: 'a' }]]), closable: (s) => s.key === 'y' });
    expect(plan.shrinks).toEqual([{ id: 2, from: '2026-11-01', to: '2026-11-05' }]);
    expect(plan.inserts).toEqual([]);
  });
});
