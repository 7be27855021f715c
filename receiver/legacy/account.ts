// A360 `account` → the contract's account section.
import { Source, isObject, mapEnum, type ConversionLog } from './source.js';

const ACCOUNT_TYPES: Record<string, string> = {
  production: 'production',
  prod: 'production',
  staging: 'staging',
  stage: 'staging',
  development: 'development',
  dev: 'development',
  test: 'testing',
  testing: 'testing',
  uat: 'testing',
  sandbox: 'sandbox',
};

function contact(value: unknown, path: string, log: ConversionLog): Record<string, unknown> | null {
  if (!isObject(value)) return null;
  const c = new Source(value, path, log);
  const out = { full_name: c.str('name') ?? c.str('full_name'), title: c.str('title'), email: c.str('email'), phone_number: c.str('phone') ?? c.str('phone_number') };
  c.done();
  return out;
}

export function convertAccount(src: Source, accountId: string, log: ConversionLog): Record<string, unknown> {
  src.ignore('account_id', 'region');
  const product = src.str('product');
  const type = src.str('account_type');
  const joined = src.time('joined_timestamp');
  const info = src.raw('contact_info');
  let contactInfo: Record<string, unknown> | null = null;
  if (isObject(info)) {
    const c = new Source(info, 'account.contact_info', log);
    contactInfo = {
      full_name: c.str('full_name'),
      company_name: c.str('company_name'),
      address_line1: c.str('address_line1'),
      address_line2: c.str('address_line2'),
      address_line3: c.str('address_line3'),
      city: c.str('city'),
      state_or_region: c.str('state_or_region'),
      postal_code: c.str('postal_code'),
      country_code: c.str('country_code'),
      phone_number: c.str('phone_number'),
      website_url: c.str('website_url'),
    };
    c.done();
  }
  const alternates = src.raw('alternate_contacts');
  const account: Record<string, unknown> = {
    name: src.str('account_name') ?? accountId,
    email: src.str('account_email'),
    status: src.upper('account_status'),
    arn: src.str('account_arn'),
    joined_method: src.upper('joined_method'),
    // The A360 receiver stored 1970-01-01 when the sender had no date: that is "unknown".
    joined_timestamp: typeof joined === 'string' && joined.startsWith('1970-01-01') ? null : joined,
    account_type: type ? mapEnum(type, ACCOUNT_TYPES) : 'unknown',
    tags: product ? { Product: product } : {},
    partner_name: src.str('partner_name'),
    customer_name: src.str('customer_name'),
    category: src.str('category'),
    contact_info: contactInfo,
    alternate_contacts: isObject(alternates)
      ? {
          billing: contact(alternates.billing, 'account.alternate_contacts.billing', log),
          operations: contact(alternates.operations, 'account.alternate_contacts.operations', log),
          security: contact(alternates.security, 'account.alternate_contacts.security', log),
        }
      : null,
  };
  if (!['production', 'staging', 'development', 'testing', 'sandbox', 'unknown'].includes(String(account.account_type))) {
    log.note(`account.account_type "${type}" has no OrgPulse equivalent: stored as unknown`);
    account.account_type = 'unknown';
  }
  src.done();
  return account;
}

