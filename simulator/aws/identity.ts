// STS, Organizations and Account: who the sender is, where the account sits in the organization,
// its tags and contacts.
import type { GetCallerIdentityCommandInput, GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import type {
  DescribeAccountCommandInput,
  DescribeAccountCommandOutput,
  DescribeOrganizationCommandInput,
  DescribeOrganizationCommandOutput,
  DescribeOrganizationalUnitCommandInput,
  DescribeOrganizationalUnitCommandOutput,
  ListParentsCommandInput,
  ListParentsCommandOutput,
  ListTagsForResourceCommandInput,
  ListTagsForResourceCommandOutput,
} from '@aws-sdk/client-organizations';
import type {
  GetAccountInformationCommandInput,
  GetAccountInformationCommandOutput,
  GetAlternateContactCommandInput,
  GetAlternateContactCommandOutput,
  GetContactInformationCommandInput,
  GetContactInformationCommandOutput,
} from '@aws-sdk/client-account';
import { stream } from '../rng.js';
import { ouById } from '../world/org.js';
import { handler, SimulatedServiceError, type CallContext, type ServiceResponders } from './types.js';

export const sts: ServiceResponders = {
  GetCallerIdentity: handler<GetCallerIdentityCommandInput, GetCallerIdentityCommandOutput>((_input, { day }) => {
    const roleId = `AROA${stream(day.seed, 'role-id', day.account.id, 'orgpulse-sender-role').alnum(17, true)}`;
    return { UserId: `${roleId}:orgpulse-sender`, Account: day.account.id, Arn: `arn:aws:sts::${day.account.id}:assumed-role/orgpulse-sender-role/orgpulse-sender` };
  }),
};

function orgArn(ctx: CallContext): string {
  const { org } = ctx.day.world;
  return `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`;
}

export const organizations: ServiceResponders = {
  DescribeOrganization: handler<DescribeOrganizationCommandInput, DescribeOrganizationCommandOutput>((_input, ctx) => {
    const { org } = ctx.day.world;
    const mgmt = org.byId.get(org.managementAccountId);
    return {
      Organization: {
        Id: org.id,
        Arn: orgArn(ctx),
        FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
        MasterAccountId: org.managementAccountId,
        MasterAccountEmail: mgmt?.email,
        AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      },
    };
  }),
  DescribeAccount: handler<DescribeAccountCommandInput, DescribeAccountCommandOutput>((input, ctx) => {
    const { org } = ctx.day.world;
    const a = input.AccountId ? org.byId.get(input.AccountId) : undefined;
    if (!a) throw new SimulatedServiceError('AccountNotFoundException', "You specified an account that doesn't exist.");
    return {
      Account: {
        Id: a.id,
        Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${a.id}`,
        Email: a.email,
        Name: a.name,
        Status: 'ACTIVE',
        State: 'ACTIVE',
        JoinedMethod: a.joinedMethod,
        JoinedTimestamp: a.joinedTimestamp,
      },
    };
  }),
  ListParents: handler<ListParentsCommandInput, ListParentsCommandOutput>((input, ctx) => {
    const { org } = ctx.day.world;
    const child = input.ChildId ?? '';
    const account = org.byId.get(child);
    const parentId = account ? account.ouId : ouById(org, child)?.parentId;
    if (!parentId) throw new SimulatedServiceError('ChildNotFoundException', 'We can\'t find an organizational unit (OU) or AWS account with the ChildId that you specified.');
    return { Parents: [{ Id: parentId, Type: parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
  }),
  DescribeOrganizationalUnit: handler<DescribeOrganizationalUnitCommandInput, DescribeOrganizationalUnitCommandOutput>((input, ctx) => {
    const { org } = ctx.day.world;
    const ou = ouById(org, input.OrganizationalUnitId ?? '');
    if (!ou) throw new SimulatedServiceError('OrganizationalUnitNotFoundException', "We can't find an OU with the OrganizationalUnitId that you specified.");
    return { OrganizationalUnit: { Id: ou.id, Arn: `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${ou.id}`, Name: ou.name } };
  }),
  ListTagsForResource: handler<ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput>((input, ctx) => {
    const a = ctx.day.world.org.byId.get(input.ResourceId ?? '');
    if (!a) throw new SimulatedServiceError('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.");
    return { Tags: Object.entries(a.tags).map(([Key, Value]) => ({ Key, Value })) };
  }),
};

export const account: ServiceResponders = {
  GetAccountInformation: handler<GetAccountInformationCommandInput, GetAccountInformationCommandOutput>((_input, { day }) => ({
    AccountId: day.account.id,
    AccountName: day.account.name,
    AccountCreatedDate: day.account.joinedTimestamp,
  })),
  GetContactInformation: handler<GetContactInformationCommandInput, GetContactInformationCommandOutput>((_input, { day }) => {
    const c = day.account.city;
    return {
      ContactInformation: {
        FullName: 'Cloud Platform Team',
        CompanyName: 'Example Corp',
        AddressLine1: `${100 + (day.account.index % 800)} Main Street`,
        City: c.city,
        StateOrRegion: c.state,
        PostalCode: c.postal,
        CountryCode: c.country,
        PhoneNumber: `${c.phone}${String(day.account.index % 100).padStart(2, '0')}`,
        WebsiteUrl: 'https://example.com',
      },
    };
  }),
  GetAlternateContact: handler<GetAlternateContactCommandInput, GetAlternateContactCommandOutput>((input, { day }) => {
    const type = input.AlternateContactType ?? 'BILLING';
    const rng = stream(day.seed, 'alternate-contact', day.account.id, type);
    // Sandbox accounts and some others never had their alternate contacts filled in.
    if ((day.account.type === 'sandbox' && type !== 'SECURITY') || rng.chance(type === 'OPERATIONS' ? 0.35 : 0.1)) {
      throw new SimulatedServiceError('ResourceNotFoundException', 'No contact of the inputted alternate contact type found.', 404);
    }
    const who = { BILLING: ['FinOps Team', 'FinOps lead', 'finops@example.com'], OPERATIONS: ['Platform On-Call', 'SRE', 'oncall@example.com'], SECURITY: ['Security Operations', 'CISO office', 'security@example.com'] }[type];
    return { AlternateContact: { AlternateContactType: type, Name: who[0], Title: who[1], EmailAddress: who[2], PhoneNumber: `+1-206-555-01${String(rng.int(10, 99))}` } };
  }),
};
