import { mockClient } from 'aws-sdk-client-mock';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountClient, GetAccountInformationCommand, GetAlternateContactCommand, GetContactInformationCommand } from '@aws-sdk/client-account';
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { accountCollector, accountTypeOf, deriveAccountType } from '../../../sender/collectors/account.js';
import { runCollector } from '../../../sender/run-collector.js';
import { accountSection } from '../../../snapshot/index.js';
import { ACCOUNT, accessDenied, awsError, retryingClientFactory, runOptions, testConfig, throttling } from '../support/aws.js';

const sts = mockClient(STSClient);
const account = mockClient(AccountClient);
const org = mockClient(OrganizationsClient);

beforeEach(() => {
  sts.reset();
  account.reset();
  org.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/orgpulse-sender/fn`, UserId: 'AROAEXAMPLE:fn' });
  account.on(GetAccountInformationCommand).resolves({ AccountId: ACCOUNT, AccountName: 'payments-prod', AccountCreatedDate: new Date('2021-03-04T10:11:12Z') });
  account.on(GetContactInformationCommand).resolves({
    ContactInformation: {
      FullName: 'Jane Doe',
      CompanyName: 'Example Corp',
      AddressLine1: '1 Main Street',
      City: 'Seattle',
      StateOrRegion: 'WA',
      PostalCode: '98101',
      CountryCode: 'US',
      PhoneNumber: '+1-206-555-0100',
      WebsiteUrl: 'https://example.com',
    },
  });
  account.on(GetAlternateContactCommand, { AlternateContactType: 'BILLING' }).resolves({
    AlternateContact: { AlternateContactType: 'BILLING', Name: 'Bill Ing', Title: 'FinOps lead', EmailAddress: 'finops@example.com', PhoneNumber: '+1-206-555-0101' },
  });
  account.on(GetAlternateContactCommand, { AlternateContactType: 'OPERATIONS' }).rejects(awsError('ResourceNotFoundException', 'No contact of the inputted alternate contact type found.', 404));
  account.on(GetAlternateContactCommand, { AlternateContactType: 'SECURITY' }).resolves({
    AlternateContact: { AlternateContactType: 'SECURITY', Name: 'Sec Ops', Title: 'CISO', EmailAddress: 'security@example.com', PhoneNumber: '+1-206-555-0102' },
  });
});

function orgVisible() {
  org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc123defg', MasterAccountId: '999999999999', Arn: 'arn:aws:organizations::999999999999:organization/o-abc123defg' } });
  org.on(DescribeAccountCommand).resolves({
    Account: {
      Id: ACCOUNT,
      Arn: `arn:aws:organizations::999999999999:account/o-abc123defg/${ACCOUNT}`,
      Email: 'aws+payments-prod@example.com',
      Name: 'payments-prod',
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: new Date('2021-03-04T10:11:12Z'),
    },
  });
  org.on(ListParentsCommand, { ChildId: ACCOUNT }).resolves({ Parents: [{ Id: 'ou-ab12-prod0001', Type: 'ORGANIZATIONAL_UNIT' }] });
  org.on(ListParentsCommand, { ChildId: 'ou-ab12-prod0001' }).resolves({ Parents: [{ Id: 'ou-ab12-work0001', Type: 'ORGANIZATIONAL_UNIT' }] });
  org.on(ListParentsCommand, { ChildId: 'ou-ab12-work0001' }).resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
  org.on(DescribeOrganizationalUnitCommand, { OrganizationalUnitId: 'ou-ab12-prod0001' }).resolves({ OrganizationalUnit: { Id: 'ou-ab12-prod0001', Name: 'Prod' } });
  org.on(DescribeOrganizationalUnitCommand, { OrganizationalUnitId: 'ou-ab12-work0001' }).resolves({ OrganizationalUnit: { Id: 'ou-ab12-work0001', Name: 'Workloads' } });
  org.on(ListTagsForResourceCommand, { ResourceId: ACCOUNT, NextToken: undefined }).resolves({ Tags: [{ Key: 'Environment', Value: 'prod' }, { Key: 'CostCenter', Value: 'CC-1042' }], NextToken: 't2' });
  org.on(ListTagsForResourceCommand, { ResourceId: ACCOUNT, NextToken: 't2' }).resolves({ Tags: [{ Key: 'Product', Value: 'Payments' }] });
}

test('happy path: identity, contacts, OU path from the root down and every tag page', async () => {
  orgVisible();
  const run = await runCollector(accountCollector, runOptions());
  expect(run.status).toBe('ok');
  const section = accountSection.parse(run.part);
  expect(section).toMatchObject({
    name: 'payments-prod',
    email: 'aws+payments-prod@example.com',
    status: 'ACTIVE',
    joined_method: 'CREATED',
    joined_timestamp: '2021-03-04T10:11:12.000Z',
    account_type: 'production',
    organization: { id: 'o-abc123defg', management_account_id: '999999999999', ou_path: ['Workloads', 'Prod'], ou_id: 'ou-ab12-prod0001' },
    tags: { Environment: 'prod', CostCenter: 'CC-1042', Product: 'Payments' },
    contact_info: { full_name: 'Jane Doe', country_code: 'US', city: 'Seattle' },
    alternate_contacts: { billing: { full_name: 'Bill Ing', email: 'finops@example.com' }, operations: null, security: { title: 'CISO' } },
  });
  expect(org).toHaveReceivedCommandTimes(ListTagsForResourceCommand, 2);
  expect(org).toHaveReceivedCommandTimes(ListParentsCommand, 3);
  expect(run.truncated).toBe(false);
});

test('a member account that Organizations will not answer still ships its account section', async () => {
  org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc123defg', MasterAccountId: '999999999999' } });
  org.on(DescribeAccountCommand).rejects(accessDenied('organizations:DescribeAccount'));
  org.on(ListParentsCommand).rejects(accessDenied('organizations:ListParents'));
  org.on(ListTagsForResourceCommand).rejects(accessDenied('organizations:ListTagsForResource'));
  const run = await runCollector(accountCollector, runOptions({ config: { ...testConfig, labels: { environment: 'Sandbox', category: 'Internet' } } }));
  expect(run.status).toBe('ok');
  const section = accountSection.parse(run.part);
  expect(section).toMatchObject({
    name: 'payments-prod',
    email: null,
    status: null,
    organization: { id: 'o-abc123defg', management_account_id: '999999999999', ou_path: [] },
    tags: {},
    account_type: 'sandbox', // from the ENVIRONMENT label, as there are no tags
    category: 'Internet',
  });
  // access denied is the normal state of a member account: not a truncation
  expect(run.truncated).toBe(false);
});

test('an account outside any organization ships without organization', async () => {
  const notInUse = awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  org.onAnyCommand().rejects(notInUse);
  const run = await runCollector(accountCollector, runOptions());
  expect(run.status).toBe('ok');
  expect(accountSection.parse(run.part)).toMatchObject({ organization: null, account_type: 'unknown', name: 'payments-prod' });
});

test('an unexpected Organizations failure keeps the section but marks it truncated', async () => {
  orgVisible();
  org.on(ListTagsForResourceCommand).rejects(awsError('ServiceException', 'internal error', 500));
  const run = await runCollector(accountCollector, runOptions());
  expect(run.status).toBe('ok');
  expect(run.truncated).toBe(true);
  expect(run.truncationReasons.join()).toMatch(/ListTagsForResource/);
  // the OU path still decides the type once the tags are missing
  expect(accountSection.parse(run.part)).toMatchObject({ tags: {}, account_type: 'production', organization: { ou_path: ['Workloads', 'Prod'] } });
});

test('AccessDenied on the account API → access_denied', async () => {
  account.on(GetAccountInformationCommand).rejects(accessDenied('account:GetAccountInformation'));
  const run = await runCollector(accountCollector, runOptions());
  expect(run.status).toBe('access_denied');
  expect(run.error).toMatch(/account:GetAccountInformation/);
});

test('credentials of another account are a failure, not someone else’s data', async () => {
  sts.on(GetCallerIdentityCommand).resolves({ Account: '210987654321' });
  const run = await runCollector(accountCollector, runOptions());
  expect(run.status).toBe('failed');
  expect(run.error).toMatch(/210987654321/);
});

test('a throttled call is retried by the SDK and the collector succeeds', async () => {
  orgVisible();
  account.on(GetAccountInformationCommand).rejectsOnce(throttling()).resolves({ AccountId: ACCOUNT, AccountName: 'payments-prod' });
  const run = await runCollector(accountCollector, runOptions({ clientFactory: retryingClientFactory(3), config: { ...testConfig, maxAttempts: 3 } }));
  expect(run.status).toBe('ok');
  expect(account).toHaveReceivedCommandTimes(GetAccountInformationCommand, 2);
  expect(accountSection.parse(run.part).name).toBe('payments-prod');
});

describe('account_type', () => {
  test.each([
    ['prod', 'production'],
    ['Production', 'production'],
    ['PRD', 'production'],
    ['staging', 'staging'],
    ['stage', 'staging'],
    ['pre-prod', 'staging'],
    ['dev', 'development'],
    ['Development', 'development'],
    ['test', 'testing'],
    ['QA', 'testing'],
    ['sandbox', 'sandbox'],
    ['sb', 'sandbox'],
    ['demo', 'sandbox'],
    ['NonProd', undefined],
    ['shared-services', undefined],
  ])('%s → %s', (value, type) => {
    expect(accountTypeOf(value)).toBe(type);
  });

  test('AccountType tag wins over Environment, which wins over the OU path', () => {
    expect(deriveAccountType({ AccountType: 'sandbox', Environment: 'prod' }, ['Prod'])).toBe('sandbox');
    expect(deriveAccountType({ environment: 'dev' }, ['Prod'])).toBe('development');
    expect(deriveAccountType({ AccountType: 'shared' }, ['Workloads', 'Test'])).toBe('testing');
    expect(deriveAccountType({}, ['Workloads', 'Infrastructure'])).toBe('unknown');
  });
});
