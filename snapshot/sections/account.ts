import { z } from 'zod';
import { accountId, isoDateTime, opt, tags, text } from '../common.js';

export const accountTypes = ['production', 'staging', 'development', 'testing', 'sandbox', 'unknown'] as const;

const contact = z.object({
  full_name: opt(text),
  title: opt(text),
  email: opt(text),
  phone_number: opt(text),
});

export const contactInfo = z.object({
  full_name: opt(text),
  company_name: opt(text),
  address_line1: opt(text),
  address_line2: opt(text),
  address_line3: opt(text),
  city: opt(text),
  state_or_region: opt(text),
  postal_code: opt(text),
  country_code: opt(z.string().max(2)),
  phone_number: opt(text),
  website_url: opt(text),
});

export const accountSection = z.object({
  name: text,
  email: opt(text),
  status: opt(z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'])),
  arn: opt(z.string()),
  joined_method: opt(z.enum(['INVITED', 'CREATED'])),
  joined_timestamp: opt(isoDateTime),
  /** Derived by the sender from the AccountType/Environment tag, falling back to the OU path. */
  account_type: z.enum(accountTypes).default('unknown'),
  organization: opt(
    z.object({
      id: opt(z.string().regex(/^o-[a-z0-9]{10,32}$/)),
      management_account_id: opt(accountId),
      /** OU names from the root down, e.g. ["Workloads", "Prod"]. */
      ou_path: z.array(text).default([]),
      ou_id: opt(z.string()),
    }),
  ),
  /** Organizations account tags: AccountType, Environment, CostCenter, Product, … */
  tags: tags.default({}),
  partner_name: opt(text),
  customer_name: opt(text),
  category: opt(text),
  contact_info: opt(contactInfo),
  alternate_contacts: opt(
    z.object({
      billing: opt(contact),
      operations: opt(contact),
      security: opt(contact),
    }),
  ),
});
export type AccountSection = z.infer<typeof accountSection>;
