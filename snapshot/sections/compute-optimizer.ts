import { z } from 'zod';
import { count, currency, identifier, money, nonNegative, opt, percent, region, text } from '../common.js';

/** Compute Optimizer recommendations for EC2 instances, EBS volumes and Lambda functions (full state). */
export const computeOptimizerRecommendation = z.object({
  resource_type: z.enum(['EC2', 'EBS', 'Lambda', 'AutoScalingGroup', 'ECS']),
  resource_arn: identifier,
  resource_name: opt(text),
  region,
  /** e.g. Overprovisioned, Underprovisioned, Optimized, NotOptimized */
  finding: text,
  finding_reasons: z.array(text).default([]),
  current_instance_type: opt(text),
  current_memory_mb: opt(count),
  current_volume_type: opt(text),
  current_volume_size_gb: opt(count),
  recommended_instance_type: opt(text),
  recommended_memory_mb: opt(count),
  recommended_volume_type: opt(text),
  recommended_volume_size_gb: opt(count),
  savings_opportunity_pct: opt(percent),
  estimated_monthly_savings: opt(money),
  currency,
  /** Compute Optimizer's performance risk of the recommended option, 0 (none) to 4. */
  performance_risk: opt(z.number().min(0).max(4)),
  cpu_utilization_max: opt(percent),
  memory_utilization_max: opt(percent),
  lookback_days: opt(nonNegative.max(9999)),
});
export const computeOptimizerSection = z.array(computeOptimizerRecommendation);
