// Observation timestamps that move every day (a trail's last delivery, a secret's last access)
// must not create a new version of an unchanged item each day.
import { describeEachDatabase } from '../../support/databases.js';
import type { SnapshotInput } from '../../../snapshot/index.js';
import { load, snapshotOf, versions } from './helpers.js';

describeEachDatabase('volatile observation columns', (get) => {
  test('a trail whose only change is its latest delivery time keeps one version', async () => {
    const { db } = get();
    const A = '555555555555';
    const trail = (delivered: string, logging = true) => (s: SnapshotInput) => {
      s.security!.cloudtrail = [{ ...s.security!.cloudtrail![0]!, latest_delivery_time: delivered, is_logging: logging }];
    };
    await load(db, snapshotOf('2026-11-20', A, trail('2026-11-20T23:55:00.000Z')));
    await load(db, snapshotOf('2026-11-21', A, trail('2026-11-21T23:55:00.000Z')));
    expect(await versions(db, 'cloudtrail_trails', A)).toEqual([expect.objectContaining({ valid_from: '2026-11-20', valid_to: null })]);
    // a real change (logging stopped) still opens a new version
    await load(db, snapshotOf('2026-11-22', A, trail('2026-11-22T10:00:00.000Z', false)));
    const v = await versions(db, 'cloudtrail_trails', A);
    expect(v.map((x) => [x.valid_from, x.valid_to])).toEqual([
      ['2026-11-20', '2026-11-22'],
      ['2026-11-22', null],
    ]);
  });
});
