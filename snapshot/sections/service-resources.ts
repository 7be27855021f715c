import { z } from 'zod';
import { count, identifier, isoDateTime, nonNegative, opt, region, tags, text } from '../common.js';

export const resourceServices = ['EC2', 'EBS', 'RDS', 'S3', 'ELB', 'AutoScaling', 'VPC', 'Lambda'] as const;

/** One resource of a core service, normalised to one shape (full state). */
export const serviceResource = z.object({
  service: z.enum(resourceServices),
  /** e.g. instance, volume, db-instance, bucket, load-balancer, auto-scaling-group, subnet, function */
  resource_type: identifier,
  resource_id: identifier,
  arn: opt(text),
  name: opt(text),
  region,
  availability_zone: opt(text),
  state: opt(text),
  instance_type: opt(text),
  vpc_id: opt(text),
  engine: opt(text),
  engine_version: opt(text),
  instance_class: opt(text),
  multi_az: opt(z.boolean()),
  size_gb: opt(nonNegative.lt(1e11)),
  volume_type: opt(text),
  encrypted: opt(z.boolean()),
  publicly_accessible: opt(z.boolean()),
  runtime: opt(text),
  memory_mb: opt(count),
  scheme: opt(text),
  lb_type: opt(text),
  instance_count: opt(count),
  min_size: opt(count),
  max_size: opt(count),
  available_ip_count: opt(count),
  created_at: opt(isoDateTime),
  tags: tags.default({}),
});
export const serviceResourcesSection = z.array(serviceResource);
export type ServiceResource = z.infer<typeof serviceResource>;
