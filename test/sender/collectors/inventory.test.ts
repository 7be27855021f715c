import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeInstanceInformationCommand,
  DescribeInstancePatchStatesCommand,
  DescribeInstancePatchesCommand,
  ListInventoryEntriesCommand,
  SSMClient,
  type InstanceInformation,
  type PatchComplianceData,
} from '@aws-sdk/client-ssm';
import { inventoryCollector } from '../../../sender/collectors/inventory.js';
import { runCollector } from '../../../sender/run-collector.js';
import { inventorySection } from '../../../snapshot/index.js';
import { mergeContext, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Part = Parameters<NonNullable<typeof inventoryCollector.merge>>[0][number];

const ssm = mockClient(SSMClient);
beforeEach(() => {
  ssm.reset();
  ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
  ssm.on(DescribeInstancePatchStatesCommand).resolves({ InstancePatchStates: [] });
  ssm.on(ListInventoryEntriesCommand).resolves({ Entries: [] });
  ssm.on(DescribeInstancePatchesCommand).resolves({ Patches: [] });
});

const options = regionalOptions();

const WEB = 'i-0abc12345def67890';
const DB = 'i-0fedcba9876543210';

function node(id: string, extra: Partial<InstanceInformation> = {}): InstanceInformation {
  return {
    InstanceId: id,
    ResourceType: 'EC2Instance',
    ComputerName: `${id}.ec2.internal`,
    IPAddress: '10.0.1.23',
    PlatformType: 'Linux',
    PlatformName: 'Amazon Linux',
    PlatformVersion: '2023',
    AgentVersion: '3.3.1142.0',
    IsLatestVersion: false,
    PingStatus: 'Online',
    LastPingDateTime: new Date('2026-11-20T00:58:00Z'),
    AssociationStatus: 'Success',
    LastAssociationExecutionDate: new Date('2026-11-20T00:30:00Z'),
    LastSuccessfulAssociationExecutionDate: new Date('2026-11-20T00:30:00Z'),
    ...extra,
  };
}

function patch(kb: string, state: PatchComplianceData['State'], installed = new Date(0)): PatchComplianceData {
  return { KBId: kb, Title: `${kb} update`, Classification: 'Security', Severity: 'Important', State: state, InstalledTime: installed };
}

const webPatchState = {
  InstanceId: WEB,
  PatchGroup: 'web',
  BaselineId: 'pb-0c10e65780EXAMPLE',
  InstalledCount: 1,
  InstalledOtherCount: 0,
  MissingCount: 1,
  FailedCount: 0,
  NotApplicableCount: 1200,
  Operation: 'Scan' as const,
  OperationStartTime: new Date('2026-11-20T01:55:00Z'),
  OperationEndTime: new Date('2026-11-20T02:00:00Z'),
};

function realisticRegion(): void {
  ssm.on(DescribeInstanceInformationCommand, { NextToken: undefined }).resolves({ InstanceInformationList: [node(WEB)], NextToken: 'nodes-2' });
  ssm.on(DescribeInstanceInformationCommand, { NextToken: 'nodes-2' }).resolves({ InstanceInformationList: [node(DB, { PlatformType: 'Windows', PlatformName: 'Microsoft Windows Server 2022 Datacenter', PingStatus: 'ConnectionLost' })] });
  ssm.on(DescribeInstancePatchStatesCommand).resolves({ InstancePatchStates: [webPatchState] });
  ssm.on(ListInventoryEntriesCommand, { InstanceId: WEB, NextToken: undefined }).resolves({
    InstanceId: WEB,
    TypeName: 'AWS:Application',
    Entries: [{ Name: 'openssl', Version: '3.0.8', Publisher: 'Amazon Linux', Architecture: 'x86_64', ApplicationType: 'System Environment/Libraries', InstalledTime: '2026-10-01T12:00:00Z' }],
    NextToken: 'apps-2',
  });
  ssm.on(ListInventoryEntriesCommand, { InstanceId: WEB, NextToken: 'apps-2' }).resolves({ Entries: [{ Name: 'nginx', Version: '1.24.0', Architecture: 'x86_64', InstalledTime: '' }] });
  ssm.on(ListInventoryEntriesCommand, { InstanceId: DB }).resolves({ Entries: [{ Name: 'Microsoft SQL Server 2022', Version: '16.0.1000.6', Publisher: 'Microsoft Corporation', Architecture: 'x86_64' }] });
  ssm.on(DescribeInstancePatchesCommand, { InstanceId: WEB, Filters: [{ Key: 'State', Values: ['Missing', 'Failed', 'InstalledPendingReboot', 'InstalledRejected', 'AvailableSecurityUpdate'] }] }).resolves({
    Patches: [patch('ALAS2023-2026-123', 'MISSING')],
  });
  ssm.on(DescribeInstancePatchesCommand, { InstanceId: WEB, Filters: [{ Key: 'State', Values: ['Installed', 'InstalledOther'] }] }).resolves({
    Patches: [patch('ALAS2023-2026-100', 'INSTALLED', new Date('2026-11-01T00:00:00Z'))],
  });
}

test('managed nodes with patch summaries, and applications and patches tied to their own node', async () => {
  realisticRegion();
  const run = await runCollector(inventoryCollector, options);
  expect(run).toMatchObject({ status: 'ok', truncated: false });
  const inv = inventorySection.parse(inventoryCollector.merge!([run.part as Part], mergeContext()));

  expect(ssm).toHaveReceivedCommandWith(DescribeInstanceInformationCommand, { NextToken: 'nodes-2' });
  expect(ssm).toHaveReceivedCommandWith(DescribeInstancePatchStatesCommand, { InstanceIds: [WEB, DB] });
  expect(inv.instances).toEqual([
    {
      instance_id: WEB,
      region: 'us-east-1',
      resource_type: 'EC2Instance',
      computer_name: `${WEB}.ec2.internal`,
      ip_address: '10.0.1.23',
      platform_type: 'Linux',
      platform_name: 'Amazon Linux',
      platform_version: '2023',
      agent_version: '3.3.1142.0',
      is_latest_version: false,
      ping_status: 'Online',
      last_ping_at: '2026-11-20T00:58:00.000Z',
      association_status: 'Success',
      last_association_execution_at: '2026-11-20T00:30:00.000Z',
      last_successful_association_at: '2026-11-20T00:30:00.000Z',
      patch_summary: {
        installed: 1,
        installed_other: 0,
        installed_pending_reboot: 0,
        installed_rejected: 0,
        missing: 1,
        failed: 0,
        not_applicable: 1200,
        operation: 'Scan',
        operation_end_time: '2026-11-20T02:00:00.000Z',
        baseline_id: 'pb-0c10e65780EXAMPLE',
      },
    },
    expect.objectContaining({ instance_id: DB, platform_type: 'Windows', ping_status: 'ConnectionLost', patch_summary: null }),
  ]);
  expect(inv.applications).toEqual([
    { instance_id: WEB, name: 'openssl', version: '3.0.8', publisher: 'Amazon Linux', architecture: 'x86_64', application_type: 'System Environment/Libraries', install_time: '2026-10-01T12:00:00.000Z' },
    { instance_id: WEB, name: 'nginx', version: '1.24.0', publisher: null, architecture: 'x86_64', application_type: null, install_time: null },
    { instance_id: DB, name: 'Microsoft SQL Server 2022', version: '16.0.1000.6', publisher: 'Microsoft Corporation', architecture: 'x86_64', application_type: null, install_time: null },
  ]);
  expect(ssm).toHaveReceivedCommandWith(ListInventoryEntriesCommand, { InstanceId: WEB, TypeName: 'AWS:Application', NextToken: 'apps-2' });
  expect(inv.patches).toEqual([
    // Missing first; SSM's epoch-0 install time of a missing patch is not a date.
    { instance_id: WEB, kb_id: 'ALAS2023-2026-123', title: 'ALAS2023-2026-123 update', classification: 'Security', severity: 'Important', state: 'MISSING', installed_time: null },
    { instance_id: WEB, kb_id: 'ALAS2023-2026-100', title: 'ALAS2023-2026-100 update', classification: 'Security', severity: 'Important', state: 'INSTALLED', installed_time: '2026-11-01T00:00:00.000Z' },
  ]);
  // A node that was never scanned has no patches to ask for.
  expect(ssm).not.toHaveReceivedCommandWith(DescribeInstancePatchesCommand, { InstanceId: DB });
});

test('applications and patches are capped per instance, actionable patches first', async () => {
  const APPLICATIONS_PER_INSTANCE = 20;
  const PATCHES_PER_INSTANCE = 10;
  ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [node(WEB)] });
  ssm.on(DescribeInstancePatchStatesCommand).resolves({ InstancePatchStates: [{ ...webPatchState, MissingCount: PATCHES_PER_INSTANCE + 1, InstalledCount: 400 }] });
  ssm.on(ListInventoryEntriesCommand).resolves({ Entries: Array.from({ length: APPLICATIONS_PER_INSTANCE + 1 }, (_, i) => ({ Name: `pkg-${i}`, Version: '1' })), NextToken: 'more' });
  ssm.on(DescribeInstancePatchesCommand).resolves({ Patches: Array.from({ length: PATCHES_PER_INSTANCE + 1 }, (_, i) => patch(`KB${i}`, 'MISSING')) });

  const config = { ...options.config, inventoryApplicationsPerInstance: APPLICATIONS_PER_INSTANCE, inventoryPatchesPerInstance: PATCHES_PER_INSTANCE };
  const run = await runCollector(inventoryCollector, { ...options, config });
  expect(run.status).toBe('ok');
  const inv = inventorySection.parse(run.part);
  expect(inv.applications).toHaveLength(APPLICATIONS_PER_INSTANCE);
  expect(inv.patches).toHaveLength(PATCHES_PER_INSTANCE);
  expect(inv.patches.every((p) => p.state === 'MISSING')).toBe(true);
  expect(run.truncated).toBe(true);
  expect(run.truncationReasons).toEqual([
    `inventory: applications capped at ${APPLICATIONS_PER_INSTANCE} per instance on 1 instance(s)`,
    `inventory: patches capped at ${PATCHES_PER_INSTANCE} per instance on 1 instance(s)`,
  ]);
  // Neither a second application page nor the installed-patch pass is read once capped.
  expect(ssm).toHaveReceivedCommandTimes(ListInventoryEntriesCommand, 1);
  expect(ssm).toHaveReceivedCommandTimes(DescribeInstancePatchesCommand, 1);
});

test('fewer patch details than the summary counts marks the section truncated', async () => {
  realisticRegion();
  ssm.on(DescribeInstancePatchStatesCommand).resolves({ InstancePatchStates: [{ ...webPatchState, MissingCount: 5 }] });
  const run = await runCollector(inventoryCollector, options);
  expect(run.status).toBe('ok');
  expect(run.truncationReasons).toEqual(['inventory: fewer patches returned than the patch summary counts on 1 instance(s)']);
});

test('a node deregistered between listing and detail calls just has no applications', async () => {
  realisticRegion();
  ssm.on(ListInventoryEntriesCommand, { InstanceId: DB }).rejects(Object.assign(new Error('Instance Id i-0fedcba9876543210 is invalid'), { name: 'InvalidInstanceId' }));
  const run = await runCollector(inventoryCollector, options);
  expect(run.status).toBe('ok');
  const inv = inventorySection.parse(run.part);
  expect(inv.instances).toHaveLength(2);
  expect(inv.applications.map((a) => a.instance_id)).toEqual([WEB, WEB]);
});

test('detail calls stop before the time budget runs out, keeping every instance', async () => {
  // 200 nodes × 100 ms at 5 in flight need 4 s; the soft deadline is at 25% of a 2 s budget (0.5 s).
  const ids = Array.from({ length: 200 }, (_, i) => `i-${String(i).padStart(17, '0')}`);
  ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: ids.map((id) => node(id)) });
  ssm.on(ListInventoryEntriesCommand).callsFake((input: { InstanceId: string }) => new Promise((resolve) => setTimeout(() => resolve({ Entries: [{ Name: `app-of-${input.InstanceId}` }] }), 100)));
  const run = await runCollector(inventoryCollector, { ...options, config: { ...options.config, collectorBudgetMs: 2000, softDeadlineFraction: 0.25 } });
  expect(run.status).toBe('ok');
  const inv = inventorySection.parse(run.part);
  expect(inv.instances).toHaveLength(200);
  expect(inv.applications.length).toBeGreaterThan(0);
  expect(inv.applications.length).toBeLessThan(200);
  expect(inv.applications.every((a) => a.name === `app-of-${a.instance_id}`)).toBe(true);
  expect(run.truncationReasons.join()).toMatch(new RegExp(`applications and patches of ${200 - inv.applications.length} instance\\(s\\) not read`));
});

test('AccessDenied becomes access_denied', async () => {
  ssm.on(DescribeInstanceInformationCommand).rejects(Object.assign(new Error('User is not authorized to perform: ssm:DescribeInstanceInformation'), { name: 'AccessDeniedException' }));
  const run = await runCollector(inventoryCollector, options);
  expect(run.status).toBe('access_denied');
  expect(run.error).toMatch(/not authorized/);
});

describe('throttling', () => {
  test('a throttled call is retried by the SDK and its second result is kept', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [node(WEB)] });
    ssm
      .on(ListInventoryEntriesCommand)
      .rejectsOnce(throttling())
      .resolves({ Entries: [{ Name: 'openssl', Version: '3.0.8' }] });
    const run = await runCollector(inventoryCollector, { ...options, clientFactory: retryingClientFactory(3) });
    expect(run.status).toBe('ok');
    expect(inventorySection.parse(run.part).applications).toEqual([expect.objectContaining({ instance_id: WEB, name: 'openssl' })]);
    expect(ssm).toHaveReceivedCommandTimes(ListInventoryEntriesCommand, 2);
  });
});

test('merge concatenates the regions', async () => {
  realisticRegion();
  const east = await runCollector(inventoryCollector, options);
  ssm.reset();
  ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [node('mi-0123456789abcdef0', { ResourceType: 'ManagedInstance' })] });
  ssm.on(DescribeInstancePatchStatesCommand).resolves({ InstancePatchStates: [] });
  ssm.on(ListInventoryEntriesCommand).resolves({ Entries: [{ Name: 'curl', Version: '8.5.0' }] });
  const west = await runCollector(inventoryCollector, { ...options, region: 'eu-west-1' });
  const inv = inventorySection.parse(inventoryCollector.merge!([east.part as Part, west.part as Part], mergeContext()));
  expect(inv.instances.map((i) => `${i.region}/${i.instance_id}`)).toEqual([`us-east-1/${WEB}`, `us-east-1/${DB}`, 'eu-west-1/mi-0123456789abcdef0']);
  expect(inv.applications.map((a) => `${a.instance_id}/${a.name}`)).toEqual([`${WEB}/openssl`, `${WEB}/nginx`, `${DB}/Microsoft SQL Server 2022`, 'mi-0123456789abcdef0/curl']);
  expect(inv.patches).toHaveLength(2);
});
