import { mockClient } from 'aws-sdk-client-mock';
import { DescribeInstancesCommand, DescribeSubnetsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { serviceResourcesCollector } from '../../../sender/collectors/service-resources.js';
import { globalResourcesRegion } from '../../../sender/collectors/common.js';
import { runCollector } from '../../../sender/run-collector.js';
import { serviceResourcesSection } from '../../../snapshot/index.js';
import { ACCOUNT, mergeContext, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Part = Parameters<NonNullable<typeof serviceResourcesCollector.merge>>[0][number];

const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const s3 = mockClient(S3Client);
const elb = mockClient(ElasticLoadBalancingV2Client);
const asg = mockClient(AutoScalingClient);
const lambda = mockClient(LambdaClient);

const options = regionalOptions();
const denied = (action: string) => Object.assign(new Error(`User is not authorized to perform: ${action}`), { name: 'AccessDenied' });

beforeEach(() => {
  for (const m of [ec2, rds, s3, elb, asg, lambda]) m.reset();
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  s3.on(ListBucketsCommand).resolves({ Buckets: [] });
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
  asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
  lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
});

function realisticRegion(): void {
  ec2.on(DescribeInstancesCommand, { NextToken: undefined }).resolves({
    Reservations: [
      {
        Instances: [
          {
            InstanceId: 'i-0abc12345def67890',
            InstanceType: 'm5.large',
            Placement: { AvailabilityZone: 'us-east-1a' },
            State: { Name: 'running', Code: 16 },
            VpcId: 'vpc-0a1b2c3d',
            // Relaunched after a stop: LaunchTime is not when the instance was created.
            LaunchTime: new Date('2026-11-10T08:00:00Z'),
            NetworkInterfaces: [{ Attachment: { DeviceIndex: 0, AttachTime: new Date('2026-01-01T00:00:00Z') } }],
            Tags: [
              { Key: 'Name', Value: 'payments-api-1' },
              { Key: 'team', Value: 'payments' },
            ],
          },
        ],
      },
    ],
    NextToken: 'instances-2',
  });
  ec2.on(DescribeInstancesCommand, { NextToken: 'instances-2' }).resolves({
    Reservations: [{ Instances: [{ InstanceId: 'i-0fedcba9876543210', InstanceType: 't3.micro', State: { Name: 'stopped', Code: 80 } }] }],
  });
  ec2.on(DescribeVolumesCommand).resolves({
    Volumes: [{ VolumeId: 'vol-0123456789abcdef0', AvailabilityZone: 'us-east-1a', State: 'in-use', Size: 100, VolumeType: 'gp3', Encrypted: true, CreateTime: new Date('2026-01-01T00:00:00Z') }],
  });
  ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: [{ SubnetId: 'subnet-0a1b2c3d', SubnetArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0a1b2c3d`, VpcId: 'vpc-0a1b2c3d', AvailabilityZone: 'us-east-1a', AvailableIpAddressCount: 241, State: 'available' }],
  });
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [
      {
        DBInstanceIdentifier: 'payments-db',
        DBInstanceArn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:payments-db`,
        DBInstanceStatus: 'available',
        Engine: 'aurora-postgresql',
        EngineVersion: '16.4',
        DBInstanceClass: 'db.r6g.large',
        MultiAZ: true,
        AllocatedStorage: 1,
        StorageType: 'aurora',
        StorageEncrypted: true,
        PubliclyAccessible: false,
        AvailabilityZone: 'us-east-1b',
        DBSubnetGroup: { VpcId: 'vpc-0a1b2c3d' },
        InstanceCreateTime: new Date('2025-03-01T00:00:00Z'),
        TagList: [{ Key: 'env', Value: 'prod' }],
      },
    ],
  });
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'payments-exports', CreationDate: new Date('2024-04-04T00:00:00Z'), BucketRegion: 'eu-west-1' }] });
  elb.on(DescribeLoadBalancersCommand).resolves({
    LoadBalancers: [
      {
        LoadBalancerName: 'payments',
        LoadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/payments/50dc6c495c0c9188`,
        State: { Code: 'active' },
        Scheme: 'internet-facing',
        Type: 'application',
        VpcId: 'vpc-0a1b2c3d',
        CreatedTime: new Date('2025-05-05T00:00:00Z'),
      },
    ],
  });
  asg.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [
      {
        AutoScalingGroupName: 'payments-api-asg',
        AutoScalingGroupARN: `arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/payments-api-asg`,
        MinSize: 2,
        MaxSize: 6,
        DesiredCapacity: 2,
        DefaultCooldown: 300,
        AvailabilityZones: ['us-east-1a', 'us-east-1b'],
        HealthCheckType: 'EC2',
        CreatedTime: new Date('2025-05-05T00:00:00Z'),
        Instances: [
          { InstanceId: 'i-1', AvailabilityZone: 'us-east-1a', LifecycleState: 'InService', HealthStatus: 'Healthy', ProtectedFromScaleIn: false },
          { InstanceId: 'i-2', AvailabilityZone: 'us-east-1b', LifecycleState: 'InService', HealthStatus: 'Healthy', ProtectedFromScaleIn: false },
        ],
        Tags: [{ Key: 'Name', Value: 'payments-api', PropagateAtLaunch: true, ResourceId: 'payments-api-asg', ResourceType: 'auto-scaling-group' }],
      },
    ],
  });
  lambda.on(ListFunctionsCommand).resolves({
    Functions: [
      { FunctionName: 'payments-webhook', FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:payments-webhook`, Runtime: 'nodejs22.x', MemorySize: 512, VpcConfig: { VpcId: '' } },
      { FunctionName: 'image-resizer', FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:image-resizer`, PackageType: 'Image', MemorySize: 2048, VpcConfig: { VpcId: 'vpc-0a1b2c3d' } },
    ],
  });
}

const nulls = {
  arn: null,
  name: null,
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
};

test('every service is listed, paginated and normalised to the one shape', async () => {
  realisticRegion();
  const run = await runCollector(serviceResourcesCollector, options);
  expect(run).toMatchObject({ status: 'ok', truncated: false });
  const rows = serviceResourcesSection.parse(serviceResourcesCollector.merge!([run.part as Part], mergeContext()));
  const byId = new Map(rows.map((r) => [r.resource_id, r]));

  expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { NextToken: 'instances-2', MaxResults: 1000 });
  expect(rows.map((r) => `${r.service}/${r.resource_type}/${r.resource_id}`)).toEqual([
    'EC2/instance/i-0abc12345def67890',
    'EC2/instance/i-0fedcba9876543210',
    'EBS/volume/vol-0123456789abcdef0',
    'VPC/subnet/subnet-0a1b2c3d',
    'RDS/db-instance/payments-db',
    'ELB/load-balancer/payments',
    'AutoScaling/auto-scaling-group/payments-api-asg',
    'Lambda/function/payments-webhook',
    'Lambda/function/image-resizer',
    'S3/bucket/payments-exports',
  ]);
  expect(byId.get('i-0abc12345def67890')).toEqual({
    ...nulls,
    service: 'EC2',
    resource_type: 'instance',
    resource_id: 'i-0abc12345def67890',
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc12345def67890`,
    name: 'payments-api-1',
    region: 'us-east-1',
    availability_zone: 'us-east-1a',
    state: 'running',
    instance_type: 'm5.large',
    vpc_id: 'vpc-0a1b2c3d',
    created_at: '2026-01-01T00:00:00.000Z',
    tags: { Name: 'payments-api-1', team: 'payments' },
  });
  expect(byId.get('i-0fedcba9876543210')).toMatchObject({ state: 'stopped', name: null, created_at: null });
  expect(byId.get('vol-0123456789abcdef0')).toEqual({
    ...nulls,
    service: 'EBS',
    resource_type: 'volume',
    resource_id: 'vol-0123456789abcdef0',
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`,
    region: 'us-east-1',
    availability_zone: 'us-east-1a',
    state: 'in-use',
    size_gb: 100,
    volume_type: 'gp3',
    encrypted: true,
    created_at: '2026-01-01T00:00:00.000Z',
  });
  expect(byId.get('subnet-0a1b2c3d')).toMatchObject({ service: 'VPC', arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0a1b2c3d`, vpc_id: 'vpc-0a1b2c3d', available_ip_count: 241, state: 'available' });
  expect(byId.get('payments-db')).toEqual({
    ...nulls,
    service: 'RDS',
    resource_type: 'db-instance',
    resource_id: 'payments-db',
    arn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:payments-db`,
    region: 'us-east-1',
    availability_zone: 'us-east-1b',
    state: 'available',
    vpc_id: 'vpc-0a1b2c3d',
    engine: 'aurora-postgresql',
    engine_version: '16.4',
    instance_class: 'db.r6g.large',
    multi_az: true,
    size_gb: 1,
    volume_type: 'aurora',
    encrypted: true,
    publicly_accessible: false,
    created_at: '2025-03-01T00:00:00.000Z',
    tags: { env: 'prod' },
  });
  expect(byId.get('payments')).toMatchObject({ service: 'ELB', state: 'active', scheme: 'internet-facing', lb_type: 'application', vpc_id: 'vpc-0a1b2c3d', created_at: '2025-05-05T00:00:00.000Z' });
  expect(byId.get('payments-api-asg')).toMatchObject({ name: 'payments-api', instance_count: 2, min_size: 2, max_size: 6, state: null, tags: { Name: 'payments-api' } });
  expect(byId.get('payments-webhook')).toMatchObject({ runtime: 'nodejs22.x', memory_mb: 512, vpc_id: null });
  expect(byId.get('image-resizer')).toMatchObject({ runtime: null, memory_mb: 2048, vpc_id: 'vpc-0a1b2c3d' });
  expect(byId.get('payments-exports')).toEqual({ ...nulls, service: 'S3', resource_type: 'bucket', resource_id: 'payments-exports', arn: 'arn:aws:s3:::payments-exports', region: 'global', created_at: '2024-04-04T00:00:00.000Z' });
});

test('buckets are listed in one region only: us-east-1 if collected, else the first', async () => {
  expect(globalResourcesRegion(['eu-west-1', 'us-east-1'])).toBe('us-east-1');
  expect(globalResourcesRegion(['eu-west-1', 'eu-central-1'])).toBe('eu-west-1');
  realisticRegion();
  const west = await runCollector(serviceResourcesCollector, { ...options, region: 'eu-west-1' });
  expect(west.status).toBe('ok');
  expect(s3).toHaveReceivedCommandTimes(ListBucketsCommand, 0);
  expect((west.part as Part).some((r) => r.service === 'S3')).toBe(false);
});

test('one denied service leaves the others, and the run says which one is missing', async () => {
  realisticRegion();
  rds.on(DescribeDBInstancesCommand).rejects(denied('rds:DescribeDBInstances'));
  const run = await runCollector(serviceResourcesCollector, options);
  expect(run.status).toBe('ok');
  const rows = serviceResourcesSection.parse(run.part);
  expect(rows.some((r) => r.service === 'RDS')).toBe(false);
  expect(rows).toHaveLength(9);
  expect(run.truncated).toBe(true);
  expect(run.truncationReasons).toEqual(['RDS DB instances not collected: AccessDenied: User is not authorized to perform: rds:DescribeDBInstances']);
});

test('every service denied is access_denied', async () => {
  ec2.on(DescribeInstancesCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));
  ec2.on(DescribeVolumesCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));
  ec2.on(DescribeSubnetsCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));
  rds.on(DescribeDBInstancesCommand).rejects(denied('rds:DescribeDBInstances'));
  s3.on(ListBucketsCommand).rejects(denied('s3:ListAllMyBuckets'));
  elb.on(DescribeLoadBalancersCommand).rejects(denied('elasticloadbalancing:DescribeLoadBalancers'));
  asg.on(DescribeAutoScalingGroupsCommand).rejects(denied('autoscaling:DescribeAutoScalingGroups'));
  lambda.on(ListFunctionsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
  const run = await runCollector(serviceResourcesCollector, options);
  expect(run.status).toBe('access_denied');
  expect(run.error).toMatch(/not authorized/);
});

describe('throttling', () => {
  test('a throttled call is retried by the SDK and its second result is kept', async () => {
    realisticRegion();
    lambda
      .on(ListFunctionsCommand)
      .rejectsOnce(throttling())
      .resolves({ Functions: [{ FunctionName: 'payments-webhook', Runtime: 'nodejs22.x', MemorySize: 512 }] });
    const run = await runCollector(serviceResourcesCollector, { ...options, clientFactory: retryingClientFactory(3) });
    expect(run).toMatchObject({ status: 'ok', truncated: false });
    expect(serviceResourcesSection.parse(run.part).filter((r) => r.service === 'Lambda').map((r) => r.resource_id)).toEqual(['payments-webhook']);
    expect(lambda).toHaveReceivedCommandTimes(ListFunctionsCommand, 2);
  });
});

test('merge concatenates the regions', async () => {
  realisticRegion();
  const east = await runCollector(serviceResourcesCollector, options);
  for (const m of [ec2, rds, elb, asg]) m.reset();
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
  asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
  lambda.on(ListFunctionsCommand).resolves({ Functions: [{ FunctionName: 'payments-webhook', Runtime: 'nodejs22.x', MemorySize: 512 }] });
  const west = await runCollector(serviceResourcesCollector, { ...options, region: 'eu-west-1' });
  const rows = serviceResourcesSection.parse(serviceResourcesCollector.merge!([east.part as Part, west.part as Part], mergeContext()));
  expect(rows).toHaveLength(11);
  // Same function name in two regions: two resources.
  expect(rows.filter((r) => r.resource_id === 'payments-webhook').map((r) => r.region)).toEqual(['us-east-1', 'eu-west-1']);
});
