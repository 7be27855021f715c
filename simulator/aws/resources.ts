// EC2 (regions, instances, volumes, subnets), RDS, S3, ELBv2, Auto Scaling and Lambda listings,
// from the account's resources on the day.
import type {
  DescribeInstancesCommandInput,
  DescribeInstancesCommandOutput,
  DescribeRegionsCommandInput,
  DescribeRegionsCommandOutput,
  DescribeSubnetsCommandInput,
  DescribeSubnetsCommandOutput,
  DescribeVolumesCommandInput,
  DescribeVolumesCommandOutput,
  DescribeReservedInstancesCommandInput,
  DescribeReservedInstancesCommandOutput,
  Reservation,
  Volume,
  Subnet,
  _InstanceType,
} from '@aws-sdk/client-ec2';
import type { DescribeDBInstancesCommandInput, DescribeDBInstancesCommandOutput, DescribeReservedDBInstancesCommandInput, DescribeReservedDBInstancesCommandOutput, DBInstance } from '@aws-sdk/client-rds';
import type { ListBucketsCommandInput, ListBucketsCommandOutput } from '@aws-sdk/client-s3';
import type { DescribeLoadBalancersCommandInput, DescribeLoadBalancersCommandOutput, LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DescribeAutoScalingGroupsCommandInput, DescribeAutoScalingGroupsCommandOutput, AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { ListFunctionsCommandInput, ListFunctionsCommandOutput, FunctionConfiguration, ListProvisionedConcurrencyConfigsCommandInput, ListProvisionedConcurrencyConfigsCommandOutput, Runtime } from '@aws-sdk/client-lambda';
import { stream } from '../rng.js';
import { DAY_MS } from '../dates.js';
import { DEFAULT_REGIONS, EC2_SHAPES, REGIONS } from '../world/catalog.js';
import { lastDeployed, type InstanceState } from '../world/resources.js';
import { describeReservedDBInstances, describeReservedInstances } from './cost-explorer.js';
import { handler, page, SimulatedServiceError, type CallContext, type ServiceResponders } from './types.js';

function tags(ctx: CallContext, extra: Record<string, string | undefined> = {}): { Key: string; Value: string }[] {
  const a = ctx.day.account;
  const base: Record<string, string | undefined> = { Environment: a.environment, Product: a.product, ...extra };
  if (a.tags.CostCenter) base.CostCenter = a.costCenter;
  return Object.entries(base)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([Key, Value]) => ({ Key, Value }));
}

function filterValues(filters: readonly { Name?: string; Values?: string[] }[] | undefined, name: string): string[] | undefined {
  return filters?.find((f) => f.Name === name)?.Values;
}

function instanceShape(i: InstanceState, ctx: CallContext) {
  const { account, profile } = ctx.day;
  const shape = EC2_SHAPES[i.slot.type] ?? { vcpu: 2, memory: 4096, arch: 'x86_64' as const };
  const running = i.state === 'running';
  const dns = `ip-${i.privateIp.replace(/\./g, '-')}.${ctx.region === 'us-east-1' ? 'ec2.internal' : `${ctx.region}.compute.internal`}`;
  const sg = `sg-0${stream(ctx.day.seed, 'sg', account.id, i.slot.vpcId).hex(16)}`;
  const eni = `eni-0${stream(ctx.day.seed, 'eni', i.id).hex(16)}`;
  const windows = i.slot.platform === 'Windows';
  return {
    InstanceId: i.id,
    ImageId: i.amiId,
    State: running ? { Code: 16, Name: 'running' as const } : { Code: 80, Name: 'stopped' as const },
    PrivateDnsName: dns,
    PublicDnsName: i.publicIp && running ? `ec2-${i.publicIp.replace(/\./g, '-')}.compute-1.amazonaws.com` : '',
    StateTransitionReason: running ? '' : `User initiated (${new Date(ctx.day.day * DAY_MS - 6 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')} GMT)`,
    AmiLaunchIndex: 0,
    ProductCodes: [],
    InstanceType: i.slot.type as _InstanceType,
    LaunchTime: i.launchTime,
    Placement: { AvailabilityZone: i.slot.az, GroupName: '', Tenancy: 'default' as const },
    Monitoring: { State: 'disabled' as const },
    SubnetId: i.slot.subnetId,
    VpcId: i.slot.vpcId,
    PrivateIpAddress: i.privateIp,
    PublicIpAddress: running ? i.publicIp : undefined,
    Architecture: shape.arch,
    RootDeviceType: 'ebs' as const,
    RootDeviceName: windows ? '/dev/sda1' : '/dev/xvda',
    BlockDeviceMappings: [
      { DeviceName: windows ? '/dev/sda1' : '/dev/xvda', Ebs: { AttachTime: i.launchTime, DeleteOnTermination: true, Status: 'attached' as const, VolumeId: i.rootVolumeId } },
      ...(i.dataVolumeId ? [{ DeviceName: '/dev/sdf', Ebs: { AttachTime: i.launchTime, DeleteOnTermination: false, Status: 'attached' as const, VolumeId: i.dataVolumeId } }] : []),
    ],
    EbsOptimized: true,
    EnaSupport: true,
    Hypervisor: 'xen' as const,
    IamInstanceProfile: { Arn: `arn:aws:iam::${account.id}:instance-profile/${profile.slug}-ec2-ssm-role`, Id: `AIPA${stream(ctx.day.seed, 'ip', account.id).alnum(17, true)}` },
    NetworkInterfaces: [
      {
        Attachment: { AttachTime: i.launchTime, AttachmentId: `eni-attach-0${stream(ctx.day.seed, 'att', i.id).hex(16)}`, DeleteOnTermination: true, DeviceIndex: 0, Status: 'attached' as const, NetworkCardIndex: 0 },
        Description: '',
        Groups: [{ GroupName: `${profile.slug}-app`, GroupId: sg }],
        MacAddress: `0e:${stream(ctx.day.seed, 'mac', i.id).hex(10).match(/../g)?.join(':')}`,
        NetworkInterfaceId: eni,
        OwnerId: account.id,
        PrivateDnsName: dns,
        PrivateIpAddress: i.privateIp,
        SourceDestCheck: true,
        Status: 'in-use' as const,
        SubnetId: i.slot.subnetId,
        VpcId: i.slot.vpcId,
        InterfaceType: 'interface',
      },
    ],
    SecurityGroups: [{ GroupName: `${profile.slug}-app`, GroupId: sg }],
    SourceDestCheck: true,
    Tags: tags(ctx, { Name: i.slot.name, 'aws:autoscaling:groupName': i.slot.asgName }),
    VirtualizationType: 'hvm' as const,
    CpuOptions: { CoreCount: Math.max(1, shape.vcpu / 2), ThreadsPerCore: 2 },
    MetadataOptions: { State: 'applied' as const, HttpTokens: i.slot.imdsV2 ? ('required' as const) : ('optional' as const), HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' as const },
    PlatformDetails: windows ? 'Windows' : 'Linux/UNIX',
    Platform: windows ? ('Windows' as const) : undefined,
    UsageOperation: windows ? 'RunInstances:0002' : 'RunInstances',
  };
}

export const ec2: ServiceResponders = {
  DescribeRegions: handler<DescribeRegionsCommandInput, DescribeRegionsCommandOutput>((input, { day }) => {
    const enabled = new Set<string>([...DEFAULT_REGIONS, ...day.regions]);
    const regions = Object.keys(REGIONS)
      .filter((r) => input.AllRegions || enabled.has(r))
      .sort()
      .map((r) => ({ Endpoint: `ec2.${r}.amazonaws.com`, RegionName: r, OptInStatus: DEFAULT_REGIONS.includes(r as (typeof DEFAULT_REGIONS)[number]) ? 'opt-in-not-required' : enabled.has(r) ? 'opted-in' : 'not-opted-in' }));
    return { Regions: regions };
  }),
  DescribeInstances: handler<DescribeInstancesCommandInput, DescribeInstancesCommandOutput>((input, ctx) => {
    const states = filterValues(input.Filters, 'instance-state-name');
    const ids = input.InstanceIds && input.InstanceIds.length > 0 ? new Set(input.InstanceIds) : undefined;
    const list = ctx.day.instances.filter((i) => i.slot.region === ctx.region && (!states || states.includes(i.state)) && (!ids || ids.has(i.id)));
    const { items, next } = page(list, input.NextToken, input.MaxResults, 1000, 'ec2');
    const reservations: Reservation[] = items.map((i) => ({
      ReservationId: `r-0${stream(ctx.day.seed, 'reservation', i.id).hex(16)}`,
      OwnerId: ctx.day.account.id,
      Groups: [],
      Instances: [instanceShape(i, ctx)],
      RequesterId: i.slot.asgName ? '940372691376' : undefined,
    }));
    return { Reservations: reservations, NextToken: next };
  }),
  DescribeVolumes: handler<DescribeVolumesCommandInput, DescribeVolumesCommandOutput>((input, ctx) => {
    const list = ctx.day.volumes.filter((v) => v.region === ctx.region);
    const { items, next } = page(list, input.NextToken, input.MaxResults, 500, 'vol');
    const volumes: Volume[] = items.map((v) => ({
      Attachments: v.instanceId ? [{ AttachTime: v.created, Device: v.sizeGb > 60 ? '/dev/sdf' : '/dev/xvda', InstanceId: v.instanceId, State: 'attached', VolumeId: v.id, DeleteOnTermination: v.sizeGb <= 60 }] : [],
      AvailabilityZone: v.az,
      CreateTime: v.created,
      Encrypted: v.encrypted,
      KmsKeyId: v.encrypted ? `arn:aws:kms:${v.region}:${ctx.day.account.id}:key/${stream(ctx.day.seed, 'ebs-key', ctx.day.account.id, v.region).uuid()}` : undefined,
      Size: v.sizeGb,
      SnapshotId: v.instanceId ? `snap-0${stream(ctx.day.seed, 'snap', v.id).hex(16)}` : '',
      State: v.state,
      VolumeId: v.id,
      Iops: v.volumeType === 'gp3' ? 3000 : v.volumeType === 'io2' ? v.iops ?? 3000 : v.volumeType === 'gp2' ? Math.max(100, v.sizeGb * 3) : undefined,
      VolumeType: v.volumeType as Volume['VolumeType'],
      Throughput: v.volumeType === 'gp3' ? 125 : undefined,
      MultiAttachEnabled: false,
      Tags: tags(ctx),
    }));
    return { Volumes: volumes, NextToken: next };
  }),
  DescribeSubnets: handler<DescribeSubnetsCommandInput, DescribeSubnetsCommandOutput>((input, ctx) => {
    const vpc = ctx.day.profile.vpcs.find((v) => v.region === ctx.region);
    const used = new Map<string, number>();
    for (const i of ctx.day.instances) used.set(i.slot.subnetId, (used.get(i.slot.subnetId) ?? 0) + 1);
    // ENIs of Lambda, load balancers and endpoints drift slowly: a new count each week.
    const rng = stream(ctx.day.seed, 'subnet-usage', ctx.day.account.id, ctx.region, Math.floor(ctx.day.day / 7));
    const subnets: Subnet[] = (vpc?.subnets ?? []).map((s) => ({
      AvailabilityZone: s.az,
      AvailabilityZoneId: `${REGIONS[ctx.region]?.prefix.toLowerCase() ?? 'use1'}-az${s.az.charCodeAt(s.az.length - 1) - 96}`,
      AvailableIpAddressCount: Math.max(0, s.size - (used.get(s.id) ?? 0) - (s.tier === 'private' ? rng.int(5, 60) : rng.int(1, 8))),
      CidrBlock: s.cidr,
      DefaultForAz: false,
      MapPublicIpOnLaunch: s.tier === 'public',
      State: 'available',
      SubnetId: s.id,
      VpcId: vpc?.vpcId,
      OwnerId: ctx.day.account.id,
      AssignIpv6AddressOnCreation: false,
      Ipv6CidrBlockAssociationSet: [],
      Tags: tags(ctx, { Name: `${ctx.day.profile.slug}-${s.tier}-${s.az.slice(-1)}` }),
      SubnetArn: `arn:aws:ec2:${ctx.region}:${ctx.day.account.id}:subnet/${s.id}`,
    }));
    const { items, next } = page(subnets, input.NextToken, input.MaxResults, 1000, 'subnet');
    return { Subnets: items, NextToken: next };
  }),
  DescribeReservedInstances: handler<DescribeReservedInstancesCommandInput, DescribeReservedInstancesCommandOutput>(describeReservedInstances),
};

export const rds: ServiceResponders = {
  DescribeDBInstances: handler<DescribeDBInstancesCommandInput, DescribeDBInstancesCommandOutput>((input, ctx) => {
    const { account, profile } = ctx.day;
    const list: DBInstance[] = profile.dbs
      .filter((d) => d.region === ctx.region)
      .map((d) => ({
        DBInstanceIdentifier: d.id,
        DBInstanceClass: d.cls,
        Engine: d.engine,
        DBInstanceStatus: 'available',
        MasterUsername: 'postgres',
        Endpoint: { Address: `${d.id}.${stream(ctx.day.seed, 'rds-endpoint', account.id).alnum(12)}.${d.region}.rds.amazonaws.com`, Port: d.engine.includes('mysql') ? 3306 : 5432 },
        AllocatedStorage: d.engine.startsWith('aurora') ? 1 : d.storageGb,
        InstanceCreateTime: d.created,
        PreferredBackupWindow: '03:00-04:00',
        BackupRetentionPeriod: account.type === 'production' ? 14 : 7,
        DBSubnetGroup: { DBSubnetGroupName: `${profile.slug}-db`, VpcId: profile.vpcs.find((v) => v.region === d.region)?.vpcId, SubnetGroupStatus: 'Complete' },
        PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
        MultiAZ: d.multiAz,
        EngineVersion: d.engineVersion,
        AutoMinorVersionUpgrade: true,
        PubliclyAccessible: d.publiclyAccessible,
        StorageType: d.engine.startsWith('aurora') ? 'aurora' : 'gp3',
        StorageEncrypted: d.encrypted,
        KmsKeyId: d.encrypted ? `arn:aws:kms:${d.region}:${account.id}:key/${stream(ctx.day.seed, 'rds-key', account.id).uuid()}` : undefined,
        DbiResourceId: `db-${stream(ctx.day.seed, 'dbres', account.id, d.id).alnum(26, true)}`,
        DBInstanceArn: `arn:aws:rds:${d.region}:${account.id}:db:${d.id}`,
        AvailabilityZone: d.az,
        DeletionProtection: account.type === 'production',
        TagList: tags(ctx, { Name: d.id }),
        CopyTagsToSnapshot: true,
      }));
    const { items, next } = page(list, input.Marker, input.MaxRecords, 100, 'rds');
    return { DBInstances: items, Marker: next };
  }),
  DescribeReservedDBInstances: handler<DescribeReservedDBInstancesCommandInput, DescribeReservedDBInstancesCommandOutput>(describeReservedDBInstances),
};

export const s3: ServiceResponders = {
  ListBuckets: handler<ListBucketsCommandInput, ListBucketsCommandOutput>((input, ctx) => {
    const list = ctx.day.buckets.map((b) => ({ Name: b.name, CreationDate: b.created, BucketRegion: b.spec.region, BucketArn: `arn:aws:s3:::${b.name}` }));
    list.sort((x, y) => (x.Name < y.Name ? -1 : 1));
    const { items, next } = page(list, input.ContinuationToken, input.MaxBuckets, 10000, 's3');
    return { Buckets: items, Owner: { DisplayName: ctx.day.account.email.split('@')[0], ID: stream(ctx.day.seed, 'canonical', ctx.day.account.id).hex(64) }, ContinuationToken: next, Prefix: input.Prefix };
  }),
};

export const elbv2: ServiceResponders = {
  DescribeLoadBalancers: handler<DescribeLoadBalancersCommandInput, DescribeLoadBalancersCommandOutput>((input, ctx) => {
    const { account, profile } = ctx.day;
    const list: LoadBalancer[] = profile.lbs
      .filter((l) => l.region === ctx.region)
      .map((l) => {
        const vpc = profile.vpcs.find((v) => v.region === l.region);
        const kind = l.type === 'application' ? 'app' : 'net';
        return {
          LoadBalancerArn: `arn:aws:elasticloadbalancing:${l.region}:${account.id}:loadbalancer/${kind}/${l.name}/${l.id}`,
          DNSName: `${l.scheme === 'internal' ? 'internal-' : ''}${l.name}-${stream(ctx.day.seed, 'lb-dns', l.id).digits(10)}.${l.region}.elb.amazonaws.com`,
          CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
          CreatedTime: l.created,
          LoadBalancerName: l.name,
          Scheme: l.scheme,
          VpcId: l.vpcId,
          State: { Code: 'active' },
          Type: l.type,
          AvailabilityZones: (vpc?.subnets ?? []).filter((s) => s.tier === (l.scheme === 'internal' ? 'private' : 'public')).map((s) => ({ ZoneName: s.az, SubnetId: s.id })),
          SecurityGroups: l.type === 'application' ? [`sg-0${stream(ctx.day.seed, 'lb-sg', l.id).hex(16)}`] : undefined,
          IpAddressType: 'ipv4',
        };
      });
    const { items, next } = page(list, input.Marker, input.PageSize, 400, 'elb');
    return { LoadBalancers: items, NextMarker: next };
  }),
};

export const autoScaling: ServiceResponders = {
  DescribeAutoScalingGroups: handler<DescribeAutoScalingGroupsCommandInput, DescribeAutoScalingGroupsCommandOutput>((input, ctx) => {
    const { account, profile } = ctx.day;
    const list: AutoScalingGroup[] = profile.asgs
      .filter((g) => g.region === ctx.region)
      .map((g) => {
        const members = ctx.day.instances.filter((i) => i.slot.asgName === g.name);
        const desired = Math.max(g.min, members.length);
        const vpc = profile.vpcs.find((v) => v.region === g.region);
        return {
          AutoScalingGroupName: g.name,
          AutoScalingGroupARN: `arn:aws:autoscaling:${g.region}:${account.id}:autoScalingGroup:${stream(ctx.day.seed, 'asg-id', g.name).uuid()}:autoScalingGroupName/${g.name}`,
          LaunchTemplate: { LaunchTemplateId: `lt-0${stream(ctx.day.seed, 'lt', g.name).hex(16)}`, LaunchTemplateName: `${g.name}-lt`, Version: '$Latest' },
          MinSize: g.min,
          MaxSize: Math.max(g.max, desired),
          DesiredCapacity: desired,
          DefaultCooldown: 300,
          AvailabilityZones: (vpc?.subnets ?? []).filter((s) => s.tier === 'private').map((s) => s.az),
          LoadBalancerNames: [],
          TargetGroupARNs: g.lb ? [`arn:aws:elasticloadbalancing:${g.region}:${account.id}:targetgroup/${g.lb}-tg/${stream(ctx.day.seed, 'tg', g.lb).hex(16)}`] : [],
          HealthCheckType: 'ELB',
          HealthCheckGracePeriod: 300,
          Instances: members.map((i) => ({ InstanceId: i.id, InstanceType: i.slot.type, AvailabilityZone: i.slot.az, LifecycleState: 'InService', HealthStatus: 'Healthy', LaunchTemplate: { LaunchTemplateId: `lt-0${stream(ctx.day.seed, 'lt', g.name).hex(16)}`, LaunchTemplateName: `${g.name}-lt`, Version: '3' }, ProtectedFromScaleIn: false })),
          CreatedTime: new Date(Date.UTC(2024, 5, 1) + (account.index % 200) * DAY_MS),
          SuspendedProcesses: [],
          VPCZoneIdentifier: (vpc?.subnets ?? []).filter((s) => s.tier === 'private').map((s) => s.id).join(','),
          EnabledMetrics: [],
          Tags: tags(ctx, { Name: g.name }).map((t) => ({ ...t, ResourceId: g.name, ResourceType: 'auto-scaling-group', PropagateAtLaunch: true })),
          TerminationPolicies: ['Default'],
          NewInstancesProtectedFromScaleIn: false,
          ServiceLinkedRoleARN: `arn:aws:iam::${account.id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
          CapacityRebalance: false,
        };
      });
    const { items, next } = page(list, input.NextToken, input.MaxRecords, 100, 'asg');
    return { AutoScalingGroups: items, NextToken: next };
  }),
};

export const lambda: ServiceResponders = {
  ListFunctions: handler<ListFunctionsCommandInput, ListFunctionsCommandOutput>((input, ctx) => {
    const { account, profile } = ctx.day;
    const list: FunctionConfiguration[] = profile.functions
      .filter((f) => f.region === ctx.region)
      .map((f) => {
        const vpc = profile.vpcs.find((v) => v.region === f.region);
        const deployed = lastDeployed(ctx.day.seed, account.id, f, ctx.day.day);
        const r = stream(ctx.day.seed, 'fn-code', f.name, Math.floor(deployed.getTime() / DAY_MS));
        return {
          FunctionName: f.name,
          FunctionArn: `arn:aws:lambda:${f.region}:${account.id}:function:${f.name}`,
          Runtime: f.runtime as Runtime,
          Role: `arn:aws:iam::${account.id}:role/${f.name}-role`.slice(0, 140),
          Handler: f.runtime.startsWith('python') ? 'app.handler' : f.runtime.startsWith('java') ? 'com.example.Handler::handleRequest' : f.runtime.startsWith('provided') ? 'bootstrap' : 'index.handler',
          CodeSize: r.int(2_000, 40_000_000),
          Description: '',
          Timeout: r.pick([3, 15, 30, 60, 300, 900]),
          MemorySize: f.memory,
          // Lambda reports LastModified as "2024-01-15T10:32:11.123+0000".
          LastModified: deployed.toISOString().replace('Z', '+0000'),
          CodeSha256: Buffer.from(r.hex(64), 'hex').toString('base64'),
          Version: '$LATEST',
          VpcConfig: f.inVpc && vpc ? { SubnetIds: vpc.subnets.filter((s) => s.tier === 'private').map((s) => s.id), SecurityGroupIds: [`sg-0${stream(ctx.day.seed, 'fn-sg', f.name).hex(16)}`], VpcId: vpc.vpcId } : undefined,
          TracingConfig: { Mode: 'PassThrough' },
          RevisionId: r.uuid(),
          PackageType: 'Zip',
          Architectures: [f.arch],
          EphemeralStorage: { Size: 512 },
          SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
          LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${f.name}` },
        };
      });
    const { items, next } = page(list, input.Marker, input.MaxItems, 50, 'fn');
    return { Functions: items, NextMarker: next };
  }),
  // Compute Optimizer's IAM dependency; no simulated function uses provisioned concurrency.
  ListProvisionedConcurrencyConfigs: handler<ListProvisionedConcurrencyConfigsCommandInput, ListProvisionedConcurrencyConfigsCommandOutput>((input, { day }) => {
    if (!day.profile.functions.some((f) => f.name === input.FunctionName)) throw new SimulatedServiceError('ResourceNotFoundException', `Function not found: ${input.FunctionName ?? ''}`, 404);
    return { ProvisionedConcurrencyConfigs: [] };
  }),
};
