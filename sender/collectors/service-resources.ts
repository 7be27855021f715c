// Resources of the core services (EC2, EBS, VPC subnets, RDS, S3, ELBv2, Auto Scaling, Lambda),
// normalised to one shape. Full state, per region; S3 buckets are listed once per account.
//
// Each service is listed independently: one denied or failing service (say AccessDenied on RDS
// only) leaves the others in the section, and the run is marked truncated with the service named,
// because its resources are unknown rather than gone. Only if every listing fails does the run fail.
import { EC2Client, paginateDescribeInstances, paginateDescribeSubnets, paginateDescribeVolumes, type Instance } from '@aws-sdk/client-ec2';
import { RDSClient, paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import { S3Client, paginateListBuckets } from '@aws-sdk/client-s3';
import { ElasticLoadBalancingV2Client, paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AutoScalingClient, paginateDescribeAutoScalingGroups } from '@aws-sdk/client-auto-scaling';
import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import type { z } from 'zod';
import type { serviceResource, serviceResourcesSection } from '../../snapshot/index.js';
import { concatParts, type Collector, type CollectContext } from '../collector.js';
import { countOrNull, globalResourcesRegion, isoTime, numberOrNull, partitionOf, settleAll, tagRecord, uniqueBy } from './common.js';

type ServiceResource = z.input<typeof serviceResource>;
type Fields = Omit<Partial<ServiceResource>, 'service' | 'resource_type' | 'resource_id' | 'region'>;

/** Every row carries every field, so rows of different services look alike in the JSON. */
function row(service: ServiceResource['service'], resourceType: string, resourceId: string, region: string, fields: Fields): ServiceResource {
  return {
    service,
    resource_type: resourceType,
    resource_id: resourceId,
    arn: null,
    name: null,
    region,
    availability_zone: null,
    state: null,
    instance_type: null,
    vpc_id: null,
    engine: null,
    engine_version: null,
    instance_class: null,
    multi_az: null,
    size_gb: null,
    volume_type: null,
    encrypted: null,
    publicly_accessible: null,
    runtime: null,
    memory_mb: null,
    scheme: null,
    lb_type: null,
    instance_count: null,
    min_size: null,
    max_size: null,
    available_ip_count: null,
    created_at: null,
    tags: {},
    ...fields,
  };
}

/**
 * EC2 reports when an instance was last launched, not created; the primary network interface is
 * attached at creation and can never be detached, so its attach time is the creation time.
 */
function instanceCreatedAt(i: Instance): string | null {
  const primary = i.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0);
  return isoTime(primary?.Attachment?.AttachTime);
}

async function ec2Instances(ctx: CollectContext): Promise<ServiceResource[]> {
  const out: ServiceResource[] = [];
  const arn = `arn:${partitionOf(ctx.region)}:ec2:${ctx.region}:${ctx.accountId}`;
  for await (const page of paginateDescribeInstances({ client: ctx.client(EC2Client), pageSize: 1000 }, {})) {
    for (const i of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      if (!i.InstanceId) continue;
      const tags = tagRecord(i.Tags);
      out.push(
        row('EC2', 'instance', i.InstanceId, ctx.region, {
          arn: `${arn}:instance/${i.InstanceId}`,
          name: tags.Name ?? null,
          availability_zone: i.Placement?.AvailabilityZone ?? null,
          state: i.State?.Name ?? null,
          instance_type: i.InstanceType ?? null,
          vpc_id: i.VpcId ?? null,
          created_at: instanceCreatedAt(i),
          tags,
        }),
      );
    }
  }
  return out;
}

async function ebsVolumes(ctx: CollectContext): Promise<ServiceResource[]> {
  const out: ServiceResource[] = [];
  const arn = `arn:${partitionOf(ctx.region)}:ec2:${ctx.region}:${ctx.accountId}`;
  for await (const page of paginateDescribeVolumes({ client: ctx.client(EC2Client), pageSize: 500 }, {})) {
    for (const v of page.Volumes ?? []) {
      if (!v.VolumeId) continue;
      const tags = tagRecord(v.Tags);
      out.push(
        row('EBS', 'volume', v.VolumeId, ctx.region, {
          arn: `${arn}:volume/${v.VolumeId}`,
          name: tags.Name ?? null,
          availability_zone: v.AvailabilityZone ?? null,
          state: v.State ?? null,
          size_gb: numberOrNull(v.Size),
          volume_type: v.VolumeType ?? null,
          encrypted: v.Encrypted ?? null,
          created_at: isoTime(v.CreateTime),
          tags,
        }),
      );
    }
  }
  return out;
}

async function subnets(ctx: CollectContext): Promise<ServiceResource[]> {
  const out: ServiceResource[] = [];
  for await (const page of paginateDescribeSubnets({ client: ctx.client(EC2Client), pageSize: 1000 }, {})) {
    for (const s of page.Subnets ?? []) {
      if (!s.SubnetId) continue;
      const tags = tagRecord(s.Tags);
      out.push(
        row('VPC', 'subnet', s.SubnetId, ctx.region, {
          arn: s.SubnetArn ?? null,
          name: tags.Name ?? null,
          availability_zone: s.AvailabilityZone ?? null,
          state: s.State ?? null,
          vpc_id: s.VpcId ?? null,
          available_ip_count: countOrNull(s.AvailableIpAddressCount),
          tags,
        }),
      );
    }
  }
  return out;
}

async function rdsInstances(ctx: CollectContext): Promise<ServiceResource[]> {
  const out: ServiceResource[] = [];
  for await (const page of paginateDescribeDBInstances({ client: ctx.client(RDSClient), pageSize: 100 }, {})) {
    for (const d of page.DBInstances ?? []) {
      if (!d.DBInstanceIdentifier) continue;
      const tags = tagRecord(d.TagList);
      out.push(
        row('RDS', 'db-instance', d.DBInstanceIdentifier, ctx.region, {
          arn: d.DBInstanceArn ?? null,
          name: tags.Name ?? null,
          availability_zone: d.AvailabilityZone ?? null,
          state: d.DBInstanceStatus ?? null,
          vpc_id: d.DBSubnetGroup?.VpcId ?? null,
          engine: d.Engine ?? null,
          engine_version: d.EngineVersion ?? null,
          instance_class: d.DBInstanceClass ?? null,
          multi_az: d.MultiAZ ?? null,
          size_gb: numberOrNull(d.AllocatedStorage),
          volume_type: d.StorageType ?? null,
          encrypted: d.StorageEncrypted ?? null,
          publicly_accessible: d.PubliclyAccessible ?? null,
          created_at: isoTime(d.InstanceCreateTime),
          tags,
        }),
      );
    }
  }
  return out;
}

/** Buckets are account-wide: region "global", as the contract says for the bucket list. */
async function s3Buckets(ctx: CollectContext): Promise<ServiceResource[]> {
  const out: ServiceResource[] = [];
  for await (const page of paginateListBuckets({ client: ctx.client(S3Client), pageSize: 1000 }, {})) {
    for (const b of page.Buckets ?? []) {
      if (!b.Name) continue;
      out.push(
        row('S3', 'bucket', b.Name, 'global', {
          arn: b.BucketArn ?? `arn:${partitionOf(ctx.region)}:s3:::${b.Name}`,
          created_at: isoTime(b.CreationDate),
        }),
      );
    }
  }
  return out;
}

async function loadBalancers(ctx: CollectContext): Promise<ServiceResource[]> {
  const out: ServiceResource[] = [];
  for await (const page of paginateDescribeLoadBalancers({ client: ctx.client(ElasticLoadBalancingV2Client), pageSize: 400 }, {})) {
    for (const lb of page.LoadBalancers ?? []) {
      if (!lb.LoadBalancerName) continue;
      out.push(
        row('ELB', 'load-balancer', lb.LoadBalancerName, ctx.region, {
          arn: lb.LoadBalancerArn ?? null,
          state: lb.State?.Code ?? null,
          vpc_id: lb.VpcId ?? null,
          scheme: lb.Scheme ?? null,
          lb_type: lb.Type ?? null,
          created_at: isoTime(lb.CreatedTime),
        }),
      );
    }
  }
  return out;
}

async function autoScalingGroups(ctx: CollectContext): Promise<ServiceResource[]> {
  const out: ServiceResource[] = [];
  for await (const page of paginateDescribeAutoScalingGroups({ client: ctx.client(AutoScalingClient), pageSize: 100 }, {})) {
    for (const g of page.AutoScalingGroups ?? []) {
      if (!g.AutoScalingGroupName) continue;
      const tags = tagRecord(g.Tags);
      out.push(
        row('AutoScaling', 'auto-scaling-group', g.AutoScalingGroupName, ctx.region, {
          arn: g.AutoScalingGroupARN ?? null,
          name: tags.Name ?? null,
          // Status is only set while the group is being deleted.
          state: g.Status ?? null,
          instance_count: g.Instances?.length ?? null,
          min_size: countOrNull(g.MinSize),
          max_size: countOrNull(g.MaxSize),
          created_at: isoTime(g.CreatedTime),
          tags,
        }),
      );
    }
  }
  return out;
}

async function lambdaFunctions(ctx: CollectContext): Promise<ServiceResource[]> {
  const out: ServiceResource[] = [];
  for await (const page of paginateListFunctions({ client: ctx.client(LambdaClient), pageSize: 50 }, {})) {
    for (const f of page.Functions ?? []) {
      if (!f.FunctionName) continue;
      out.push(
        row('Lambda', 'function', f.FunctionName, ctx.region, {
          arn: f.FunctionArn ?? null,
          // ListFunctions usually leaves State out (GetFunction has it); kept when present.
          state: f.State ?? null,
          vpc_id: f.VpcConfig?.VpcId || null,
          // Container-image functions have no runtime.
          runtime: f.Runtime ?? null,
          memory_mb: countOrNull(f.MemorySize),
        }),
      );
    }
  }
  return out;
}

export const serviceResourcesCollector: Collector<ServiceResource[], z.input<typeof serviceResourcesSection>> = {
  name: 'service_resources',
  target: { section: 'service_resources' },
  scope: 'regional',
  api: [
    'ec2:DescribeInstances',
    'ec2:DescribeVolumes',
    'ec2:DescribeSubnets',
    'rds:DescribeDBInstances',
    // ListBuckets is authorized by this IAM action (the sender's policy is built from `api`).
    's3:ListAllMyBuckets',
    'elasticloadbalancing:DescribeLoadBalancers',
    'autoscaling:DescribeAutoScalingGroups',
    'lambda:ListFunctions',
  ],
  timeSeries: false,
  granularities: ['DAILY'],
  async collect(ctx) {
    const tasks: Record<string, () => Promise<ServiceResource[]>> = {
      'EC2 instances': () => ec2Instances(ctx),
      'EBS volumes': () => ebsVolumes(ctx),
      'VPC subnets': () => subnets(ctx),
      'RDS DB instances': () => rdsInstances(ctx),
      'ELB load balancers': () => loadBalancers(ctx),
      'Auto Scaling groups': () => autoScalingGroups(ctx),
      'Lambda functions': () => lambdaFunctions(ctx),
    };
    if (ctx.region === globalResourcesRegion(ctx.regions)) tasks['S3 buckets'] = () => s3Buckets(ctx);
    const rows = await settleAll(ctx, tasks);
    return uniqueBy(rows, (r) => `${r.region}\u0000${r.resource_type}\u0000${r.resource_id}`);
  },
  merge: concatParts,
};
