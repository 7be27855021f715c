// AWS Config (recorders, rule compliance, conformance packs, evaluations) and SSM inventory
// (managed nodes, patch states, applications, patches).
import type {
  ComplianceByConfigRule,
  DescribeComplianceByConfigRuleCommandInput,
  DescribeComplianceByConfigRuleCommandOutput,
  DescribeConfigurationRecordersCommandInput,
  DescribeConfigurationRecordersCommandOutput,
  DescribeConformancePackComplianceCommandInput,
  DescribeConformancePackComplianceCommandOutput,
  DescribeConformancePacksCommandInput,
  DescribeConformancePacksCommandOutput,
  GetComplianceDetailsByConfigRuleCommandInput,
  GetComplianceDetailsByConfigRuleCommandOutput,
} from '@aws-sdk/client-config-service';
import type {
  DescribeInstanceInformationCommandInput,
  DescribeInstanceInformationCommandOutput,
  DescribeInstancePatchesCommandInput,
  DescribeInstancePatchesCommandOutput,
  DescribeInstancePatchStatesCommandInput,
  DescribeInstancePatchStatesCommandOutput,
  InstanceInformation,
  ListInventoryEntriesCommandInput,
  ListInventoryEntriesCommandOutput,
  PatchComplianceDataState,
} from '@aws-sdk/client-ssm';
import { stream } from '../rng.js';
import { configRulesAt, CONFORMANCE_PACK, managedNodesAt, type ConfigRuleState, type ManagedNode, type PatchState } from '../world/compliance.js';
import type { AccountDay } from '../world/index.js';
import { handler, page, SimulatedServiceError, type ServiceResponders } from './types.js';

function rulesOf(day: AccountDay, region: string): ConfigRuleState[] | undefined {
  return day.once(`config:${region}`, () => configRulesAt(day.seed, day.profile, region, day.instances, day.volumes, day.day));
}

function recording(day: AccountDay, region: string): ConfigRuleState[] {
  const rules = rulesOf(day, region);
  if (!rules) throw new SimulatedServiceError('NoSuchConfigurationRecorderException', 'Cannot find configuration recorder with the specified name.');
  return rules;
}

export const configService: ServiceResponders = {
  DescribeConfigurationRecorders: handler<DescribeConfigurationRecordersCommandInput, DescribeConfigurationRecordersCommandOutput>((_input, { day, region }) => ({
    ConfigurationRecorders: rulesOf(day, region)
      ? [{ name: 'default', roleARN: `arn:aws:iam::${day.account.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === 'us-east-1', resourceTypes: [] }, recordingMode: { recordingFrequency: 'CONTINUOUS' } }]
      : [],
  })),
  DescribeComplianceByConfigRule: handler<DescribeComplianceByConfigRuleCommandInput, DescribeComplianceByConfigRuleCommandOutput>((input, { day, region }) => {
    const names = input.ConfigRuleNames && input.ConfigRuleNames.length > 0 ? new Set(input.ConfigRuleNames) : undefined;
    const types = input.ComplianceTypes && input.ComplianceTypes.length > 0 ? new Set<string>(input.ComplianceTypes) : undefined;
    const list: ComplianceByConfigRule[] = recording(day, region)
      .filter((r) => (!names || names.has(r.name)) && (!types || types.has(r.compliance)))
      .map((r) => ({
        ConfigRuleName: r.name,
        Compliance: { ComplianceType: r.compliance, ComplianceContributorCount: r.compliance === 'NON_COMPLIANT' ? { CappedCount: Math.min(100, r.nonCompliant), CapExceeded: r.nonCompliant > 100 } : undefined },
      }));
    // The API pages by 25 and takes no page size.
    const { items, next } = page(list, input.NextToken, 25, 25, 'cfg');
    return { ComplianceByConfigRules: items, NextToken: next };
  }),
  DescribeConformancePacks: handler<DescribeConformancePacksCommandInput, DescribeConformancePacksCommandOutput>((_input, { day, region }) => {
    const rules = recording(day, region);
    const has = rules.some((r) => r.pack);
    return {
      ConformancePackDetails: has
        ? [{ ConformancePackName: CONFORMANCE_PACK, ConformancePackArn: `arn:aws:config:${region}:${day.account.id}:conformance-pack/${CONFORMANCE_PACK}/conformance-pack-${stream(day.seed, 'pack', day.account.id, region).alnum(9)}`, ConformancePackId: `conformance-pack-${stream(day.seed, 'pack', day.account.id, region).alnum(9)}`, ConformancePackInputParameters: [], LastUpdateRequestedTime: new Date(Date.UTC(2025, 2, 3)), CreatedBy: 'config-conforms.amazonaws.com' }]
        : [],
    };
  }),
  DescribeConformancePackCompliance: handler<DescribeConformancePackComplianceCommandInput, DescribeConformancePackComplianceCommandOutput>((input, { day, region }) => {
    if (input.ConformancePackName !== CONFORMANCE_PACK) throw new SimulatedServiceError('NoSuchConformancePackException', `Conformance pack ${input.ConformancePackName ?? ''} does not exist.`);
    const list = recording(day, region)
      .filter((r) => r.pack)
      .map((r) => ({ ConfigRuleName: r.name, ComplianceType: r.compliance === 'INSUFFICIENT_DATA' ? ('INSUFFICIENT_DATA' as const) : r.compliance === 'NON_COMPLIANT' ? ('NON_COMPLIANT' as const) : ('COMPLIANT' as const), Controls: [] }));
    const { items, next } = page(list, input.NextToken, input.Limit, 1000, 'cpc');
    return { ConformancePackName: CONFORMANCE_PACK, ConformancePackRuleComplianceList: items, NextToken: next };
  }),
  GetComplianceDetailsByConfigRule: handler<GetComplianceDetailsByConfigRuleCommandInput, GetComplianceDetailsByConfigRuleCommandOutput>((input, { day, region }) => {
    const rule = recording(day, region).find((r) => r.name === input.ConfigRuleName);
    if (!rule) throw new SimulatedServiceError('NoSuchConfigRuleException', `The ConfigRule '${input.ConfigRuleName ?? ''}' provided in the request is invalid. Please check the configRule name`);
    const types = new Set<string>(input.ComplianceTypes && input.ComplianceTypes.length > 0 ? input.ComplianceTypes : ['COMPLIANT', 'NON_COMPLIANT']);
    const list = rule.evaluations.filter((e) => types.has(e.compliance));
    const { items, next } = page(list, input.NextToken, input.Limit, 100, 'eval');
    return {
      EvaluationResults: items.map((e) => ({
        EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: rule.name, ResourceType: e.resourceType, ResourceId: e.resourceId, EvaluationMode: 'DETECTIVE' }, OrderingTimestamp: e.invoked },
        ComplianceType: e.compliance,
        ResultRecordedTime: e.recorded,
        ConfigRuleInvokedTime: e.invoked,
        Annotation: e.annotation,
      })),
      NextToken: next,
    };
  }),
};

// ---- SSM ----

function nodesOf(day: AccountDay, region: string): ManagedNode[] {
  return day.once(`ssm:${region}`, () => managedNodesAt(day.seed, day.profile, region, day.instances, day.day, day.collectedAt));
}

function node(day: AccountDay, region: string, id: string | undefined): ManagedNode {
  const n = nodesOf(day, region).find((x) => x.instance.id === id);
  if (!n) throw new SimulatedServiceError('InvalidInstanceId', `Instance ${id ?? ''} is not a managed node in ${region}.`);
  return n;
}

/** DescribeInstancePatches' State filter uses the display spelling ("InstalledPendingReboot"). */
const DISPLAY_STATE: Record<PatchState['state'], string> = {
  INSTALLED: 'Installed',
  INSTALLED_OTHER: 'InstalledOther',
  INSTALLED_PENDING_REBOOT: 'InstalledPendingReboot',
  MISSING: 'Missing',
  FAILED: 'Failed',
};

export const ssm: ServiceResponders = {
  DescribeInstanceInformation: handler<DescribeInstanceInformationCommandInput, DescribeInstanceInformationCommandOutput>((input, { day, region }) => {
    const list: InstanceInformation[] = nodesOf(day, region).map((n) => ({
      InstanceId: n.instance.id,
      PingStatus: n.ping,
      LastPingDateTime: n.lastPing,
      AgentVersion: n.agentVersion,
      IsLatestVersion: n.latest,
      PlatformType: n.instance.slot.platform,
      PlatformName: n.instance.slot.osName,
      PlatformVersion: n.instance.slot.osVersion,
      ResourceType: 'EC2Instance',
      IPAddress: n.instance.privateIp,
      ComputerName: n.computerName,
      AssociationStatus: n.associationStatus,
      LastAssociationExecutionDate: n.lastAssociation,
      LastSuccessfulAssociationExecutionDate: n.lastSuccessfulAssociation,
      AssociationOverview: { DetailedStatus: n.associationStatus, InstanceAssociationStatusAggregatedCount: { [n.associationStatus]: 2 } },
      SourceId: n.instance.id,
      SourceType: 'AWS::EC2::Instance',
    }));
    const { items, next } = page(list, input.NextToken, input.MaxResults, 50, 'ssm-info');
    return { InstanceInformationList: items, NextToken: next };
  }),
  DescribeInstancePatchStates: handler<DescribeInstancePatchStatesCommandInput, DescribeInstancePatchStatesCommandOutput>((input, { day, region }) => {
    const ids = new Set(input.InstanceIds ?? []);
    if (ids.size > 50) throw new SimulatedServiceError('ValidationException', 'InstanceIds must contain at most 50 items');
    const list = nodesOf(day, region)
      .filter((n) => ids.has(n.instance.id))
      .map((n) => {
        const failed = n.missing.filter((p) => p.state === 'FAILED').length;
        const missing = n.missing.length - failed;
        return {
          InstanceId: n.instance.id,
          PatchGroup: `${day.profile.slug}-${day.account.environment}`,
          BaselineId: n.baselineId,
          OperationStartTime: new Date(n.scanEnd.getTime() - 95_000),
          OperationEndTime: n.scanEnd,
          Operation: 'Scan' as const,
          InstalledCount: n.installed.length,
          InstalledOtherCount: 0,
          InstalledPendingRebootCount: 0,
          InstalledRejectedCount: 0,
          MissingCount: missing,
          FailedCount: failed,
          NotApplicableCount: n.notApplicable,
          UnreportedNotApplicableCount: 0,
          AvailableSecurityUpdateCount: 0,
          CriticalNonCompliantCount: n.missing.filter((p) => p.severity === 'Critical').length,
          SecurityNonCompliantCount: n.missing.length,
          OtherNonCompliantCount: 0,
          RebootOption: 'RebootIfNeeded' as const,
        };
      });
    const { items, next } = page(list, input.NextToken, input.MaxResults, 50, 'ssm-ps');
    return { InstancePatchStates: items, NextToken: next };
  }),
  DescribeInstancePatches: handler<DescribeInstancePatchesCommandInput, DescribeInstancePatchesCommandOutput>((input, { day, region }) => {
    const n = node(day, region, input.InstanceId);
    const stateFilter = input.Filters?.find((f) => f.Key === 'State')?.Values;
    const all = [...n.missing, ...n.installed];
    const list = stateFilter ? all.filter((p) => stateFilter.includes(DISPLAY_STATE[p.state])) : all;
    const { items, next } = page(list, input.NextToken, input.MaxResults, 100, 'ssm-patch');
    return {
      Patches: items.map((p) => ({
        Title: p.title,
        KBId: p.kb,
        Classification: p.classification,
        Severity: p.severity,
        State: p.state as PatchComplianceDataState,
        // SSM reports epoch 0 for patches that are not installed.
        InstalledTime: p.installedTime ?? new Date(0),
      })),
      NextToken: next,
    };
  }),
  ListInventoryEntries: handler<ListInventoryEntriesCommandInput, ListInventoryEntriesCommandOutput>((input, { day, region }) => {
    const n = node(day, region, input.InstanceId);
    if (input.TypeName !== 'AWS:Application') return { TypeName: input.TypeName, InstanceId: n.instance.id, SchemaVersion: '1.0', CaptureTime: n.scanEnd.toISOString().replace('.000', ''), Entries: [] };
    const entries = n.applications.map((a) => ({
      Name: a.name,
      Version: a.version,
      Publisher: a.publisher,
      Architecture: a.architecture,
      ApplicationType: a.type,
      ...(a.installed ? { InstalledTime: a.installed.toISOString().replace('.000', '') } : {}),
    }));
    const { items, next } = page(entries, input.NextToken, input.MaxResults, 50, 'ssm-inv');
    return { TypeName: 'AWS:Application', InstanceId: n.instance.id, SchemaVersion: '1.1', CaptureTime: n.scanEnd.toISOString().replace('.000', ''), Entries: items, NextToken: next };
  }),
};
