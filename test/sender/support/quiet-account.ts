// SDK mocks for every call the sender's own collectors (and region discovery, and the upload)
// make, answering like a quiet member account: valid, mostly empty responses. Tests override
// single commands on top.
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRegionsCommand, DescribeReservedInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountClient, GetAccountInformationCommand, GetAlternateContactCommand, GetContactInformationCommand } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CostExplorerClient, GetCostAndUsageCommand, GetCostForecastCommand, GetReservationUtilizationCommand, GetSavingsPlansUtilizationDetailsCommand } from '@aws-sdk/client-cost-explorer';
import { DescribeReservedDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSavingsPlansCommand, SavingsplansClient } from '@aws-sdk/client-savingsplans';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ACCOUNT, accessDenied, awsError } from './aws.js';

/** The 17 regions enabled by default. */
export const DEFAULT_REGIONS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

export const mocks = {
  ec2: mockClient(EC2Client),
  sts: mockClient(STSClient),
  account: mockClient(AccountClient),
  org: mockClient(OrganizationsClient),
  ce: mockClient(CostExplorerClient),
  rds: mockClient(RDSClient),
  sp: mockClient(SavingsplansClient),
  ct: mockClient(CloudTrailClient),
  s3: mockClient(S3Client),
};

export function quietAccount(): void {
  for (const m of Object.values(mocks)) m.reset();
  mocks.ec2.on(DescribeRegionsCommand).resolves({
    Regions: [
      ...DEFAULT_REGIONS.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required', Endpoint: `ec2.${RegionName}.amazonaws.com` })),
      { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
      { RegionName: 'me-central-1', OptInStatus: 'not-opted-in' },
    ],
  });
  mocks.ec2.on(DescribeReservedInstancesCommand).resolves({ ReservedInstances: [] });
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/orgpulse-sender/fn` });
  mocks.account.on(GetAccountInformationCommand).resolves({ AccountId: ACCOUNT, AccountName: 'payments-prod' });
  mocks.account.on(GetContactInformationCommand).rejects(awsError('ResourceNotFoundException', 'No contact information found', 404));
  mocks.account.on(GetAlternateContactCommand).rejects(awsError('ResourceNotFoundException', 'No contact of the inputted alternate contact type found.', 404));
  mocks.org.onAnyCommand().rejects(accessDenied('organizations:*'));
  mocks.ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
  mocks.ce.on(GetCostForecastCommand).resolves({ ForecastResultsByTime: [] });
  mocks.ce.on(GetReservationUtilizationCommand).resolves({ UtilizationsByTime: [] });
  mocks.ce.on(GetSavingsPlansUtilizationDetailsCommand).resolves({ SavingsPlansUtilizationDetails: [] });
  mocks.rds.on(DescribeReservedDBInstancesCommand).resolves({ ReservedDBInstances: [] });
  mocks.sp.on(DescribeSavingsPlansCommand).resolves({ savingsPlans: [] });
  mocks.ct.on(LookupEventsCommand).resolves({ Events: [] });
  mocks.s3.on(PutObjectCommand).resolves({ ETag: '"0123456789abcdef"' });
}
