// The account itself: identity, contacts, and — when Organizations lets this account see it — its
// place in the organization (OU path, tags). A member account usually may not call
// DescribeAccount/ListParents/ListTagsForResource, so those calls are optional: the section ships
// with what the account can see about itself.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountClient, GetAccountInformationCommand, GetAlternateContactCommand, GetContactInformationCommand, type AlternateContactType } from '@aws-sdk/client-account';
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  OrganizationsClient,
  paginateListParents,
  paginateListTagsForResource,
  type Parent,
} from '@aws-sdk/client-organizations';
import type { accountTypes, SnapshotInput } from '../../snapshot/index.js';
import { classifyError, errorMessage, type CollectContext, type Collector } from '../collector.js';
import { errorName } from './common.js';

type AccountPart = NonNullable<SnapshotInput['account']>;
type AccountType = (typeof accountTypes)[number];

/** Errors that mean "Organizations won't tell this account": expected in member accounts. */
const ORG_UNAVAILABLE = ['AWSOrganizationsNotInUseException'];
/** Organizations nests OUs at most five deep; the bound only guards against a cycle. */
const MAX_OU_DEPTH = 8;

/**
 * account_type from a tag value, an environment label or an OU name. Whole-word matches only, so
 * "NonProd" is not production.
 */
export function accountTypeOf(value: string | undefined): AccountType | undefined {
  if (!value) return undefined;
  const whole = value.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  if (whole === 'preprod' || whole === 'preproduction') return 'staging';
  for (const word of value.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)) {
    if (['prod', 'production', 'prd'].includes(word)) return 'production';
    if (word.startsWith('stag') || word === 'stg') return 'staging';
    if (word.startsWith('dev')) return 'development';
    if (word.startsWith('test') || word === 'qa') return 'testing';
    if (['sandbox', 'sb', 'demo'].includes(word)) return 'sandbox';
  }
  return undefined;
}

/** AccountType tag, then Environment tag, then the deployment's environment label, then the OU path (deepest first). */
export function deriveAccountType(tags: Record<string, string>, ouPath: readonly string[], environmentLabel?: string): AccountType {
  const tag = (key: string) => Object.entries(tags).find(([k]) => k.toLowerCase() === key)?.[1];
  for (const candidate of [tag('accounttype'), tag('environment'), tag('env'), environmentLabel, ...[...ouPath].reverse()]) {
    const type = accountTypeOf(candidate);
    if (type) return type;
  }
  return 'unknown';
}

const ACCOUNT_STATES = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'] as const;
function accountState(...values: (string | undefined)[]): AccountPart['status'] {
  return values.find((v): v is (typeof ACCOUNT_STATES)[number] => (ACCOUNT_STATES as readonly string[]).includes(v ?? '')) ?? null;
}

/**
 * Runs an optional Organizations call: "not allowed / no organization" → undefined. Any other
 * failure also → undefined, but marks the section truncated (the data exists, we just didn't get it).
 */
async function optionalOrg<T>(ctx: CollectContext, what: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (classifyError(error, ORG_UNAVAILABLE) === 'failed') ctx.markTruncated(`organizations ${what}: ${errorMessage(error)}`);
    return undefined;
  }
}

async function alternateContact(account: AccountClient, type: AlternateContactType) {
  try {
    const { AlternateContact: c } = await account.send(new GetAlternateContactCommand({ AlternateContactType: type }));
    return c ? { full_name: c.Name ?? null, title: c.Title ?? null, email: c.EmailAddress ?? null, phone_number: c.PhoneNumber ?? null } : null;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return null;
    throw error;
  }
}

async function contactInformation(account: AccountClient): Promise<AccountPart['contact_info']> {
  try {
    const { ContactInformation: c } = await account.send(new GetContactInformationCommand({}));
    if (!c) return null;
    return {
      full_name: c.FullName ?? null,
      company_name: c.CompanyName ?? null,
      address_line1: c.AddressLine1 ?? null,
      address_line2: c.AddressLine2 ?? null,
      address_line3: c.AddressLine3 ?? null,
      city: c.City ?? null,
      state_or_region: c.StateOrRegion ?? null,
      postal_code: c.PostalCode ?? null,
      country_code: c.CountryCode && c.CountryCode.length <= 2 ? c.CountryCode : null,
      phone_number: c.PhoneNumber ?? null,
      website_url: c.WebsiteUrl ?? null,
    };
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return null;
    throw error;
  }
}

async function parentOf(org: OrganizationsClient, childId: string): Promise<Parent | undefined> {
  for await (const page of paginateListParents({ client: org }, { ChildId: childId })) {
    const parent = page.Parents?.[0];
    if (parent) return parent;
  }
  return undefined;
}

/** OU names from the root down to the account's OU, and that OU's id. */
async function ouPathOf(org: OrganizationsClient, accountId: string): Promise<{ path: string[]; ouId: string | null }> {
  const path: string[] = [];
  let ouId: string | null = null;
  let child = accountId;
  for (let depth = 0; depth < MAX_OU_DEPTH; depth++) {
    const parent = await parentOf(org, child);
    if (!parent?.Id || parent.Type !== 'ORGANIZATIONAL_UNIT') break;
    const { OrganizationalUnit: ou } = await org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent.Id }));
    path.unshift(ou?.Name ?? parent.Id);
    ouId ??= parent.Id;
    child = parent.Id;
  }
  return { path, ouId };
}

async function tagsOf(org: OrganizationsClient, accountId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client: org }, { ResourceId: accountId })) {
    for (const t of page.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  }
  return tags;
}

export const accountCollector: Collector<AccountPart> = {
  name: 'account',
  target: { section: 'account' },
  scope: 'account',
  api: [
    'sts:GetCallerIdentity',
    'account:GetAccountInformation',
    'account:GetContactInformation',
    'account:GetAlternateContact',
    'organizations:DescribeAccount',
    'organizations:ListParents',
    'organizations:DescribeOrganizationalUnit',
    'organizations:ListTagsForResource',
    'organizations:DescribeOrganization',
  ],
  granularities: ['DAILY', 'MONTHLY'],
  async collect(ctx) {
    const identity = await ctx.client(STSClient).send(new GetCallerIdentityCommand({}));
    if (identity.Account && identity.Account !== ctx.accountId) throw new Error(`the sender's credentials belong to ${identity.Account}, not ${ctx.accountId}`);

    const account = ctx.client(AccountClient);
    const org = ctx.client(OrganizationsClient);
    const [info, contact, billing, operations, security, organization, orgAccount, ou, tags] = await Promise.all([
      account.send(new GetAccountInformationCommand({})),
      contactInformation(account),
      alternateContact(account, 'BILLING'),
      alternateContact(account, 'OPERATIONS'),
      alternateContact(account, 'SECURITY'),
      optionalOrg(ctx, 'DescribeOrganization', async () => (await org.send(new DescribeOrganizationCommand({}))).Organization),
      optionalOrg(ctx, 'DescribeAccount', async () => (await org.send(new DescribeAccountCommand({ AccountId: ctx.accountId }))).Account),
      optionalOrg(ctx, 'ListParents', () => ouPathOf(org, ctx.accountId)),
      optionalOrg(ctx, 'ListTagsForResource', () => tagsOf(org, ctx.accountId)),
    ]);

    const labels = ctx.config.labels ?? {};
    const orgId = organization?.Id && /^o-[a-z0-9]{10,32}$/.test(organization.Id) ? organization.Id : null;
    const managementAccount = organization?.MasterAccountId && /^\d{12}$/.test(organization.MasterAccountId) ? organization.MasterAccountId : null;
    return {
      name: info.AccountName ?? orgAccount?.Name ?? ctx.accountId,
      email: orgAccount?.Email ?? null,
      status: accountState(orgAccount?.State, orgAccount?.Status),
      arn: orgAccount?.Arn ?? null,
      joined_method: orgAccount?.JoinedMethod === 'INVITED' || orgAccount?.JoinedMethod === 'CREATED' ? orgAccount.JoinedMethod : null,
      joined_timestamp: orgAccount?.JoinedTimestamp?.toISOString() ?? null,
      account_type: deriveAccountType(tags ?? {}, ou?.path ?? [], labels.environment),
      organization: orgId || ou ? { id: orgId, management_account_id: managementAccount, ou_path: ou?.path ?? [], ou_id: ou?.ouId ?? null } : null,
      tags: tags ?? {},
      partner_name: labels.partner_name ?? null,
      customer_name: labels.customer_name ?? null,
      category: labels.category ?? null,
      contact_info: contact,
      alternate_contacts: { billing, operations, security },
    };
  },
};
