// Which responders answer which SDK client: keyed by the client class name the SDK puts in the
// middleware context (context.clientName) and the command name without "Command".
import { account, organizations, sts } from './identity.js';
import { costExplorer, savingsPlans } from './cost-explorer.js';
import { autoScaling, ec2, elbv2, lambda, rds, s3 } from './resources.js';
import { cloudtrail } from './cloudtrail.js';
import { guardDuty, inspector2, securityHub } from './findings.js';
import { acm, kms, secretsManager, wafv2 } from './security-state.js';
import { configService, ssm } from './compliance.js';
import { applicationSignals, computeOptimizer, health, resilienceHub, support } from './operations.js';
import { SimulatorUnsupportedCommand, type CallContext, type ServiceResponders } from './types.js';

export const RESPONDERS: Readonly<Record<string, ServiceResponders>> = {
  STSClient: sts,
  OrganizationsClient: organizations,
  AccountClient: account,
  CostExplorerClient: costExplorer,
  SavingsplansClient: savingsPlans,
  EC2Client: ec2,
  RDSClient: rds,
  S3Client: s3,
  ElasticLoadBalancingV2Client: elbv2,
  AutoScalingClient: autoScaling,
  LambdaClient: lambda,
  CloudTrailClient: cloudtrail,
  SecurityHubClient: securityHub,
  GuardDutyClient: guardDuty,
  Inspector2Client: inspector2,
  KMSClient: kms,
  WAFV2Client: wafv2,
  SecretsManagerClient: secretsManager,
  ACMClient: acm,
  ConfigServiceClient: configService,
  SSMClient: ssm,
  ComputeOptimizerClient: computeOptimizer,
  SupportClient: support,
  HealthClient: health,
  ApplicationSignalsClient: applicationSignals,
  ResiliencehubClient: resilienceHub,
};

/** "ec2:DescribeInstances"-style names of every operation the simulator answers. */
export function supportedOperations(): string[] {
  return Object.entries(RESPONDERS).flatMap(([client, ops]) => Object.keys(ops).map((op) => `${client.replace(/Client$/, '')}:${op}`));
}

/** Answers one command, or throws SimulatorUnsupportedCommand naming it. */
export function respond(clientName: string, commandName: string, input: unknown, ctx: Omit<CallContext, 'clientName' | 'commandName'>): unknown {
  const op = commandName.replace(/Command$/, '');
  const fn = RESPONDERS[clientName]?.[op];
  if (!fn) throw new SimulatorUnsupportedCommand(clientName, commandName);
  return fn(input, { ...ctx, clientName, commandName: op });
}

export { SimulatorUnsupportedCommand };
