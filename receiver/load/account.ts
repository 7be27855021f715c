// account section → accounts (current attributes, never overwritten by an older snapshot),
// products / product_accounts (from the Product tag) and the contact state tables.
import type { AccountSection } from '../../snapshot/index.js';
import { asRow, columnsOf, forEachChunk, valueExpr } from './bulk.js';
import { ident, tableInfo } from './catalog.js';
import type { LoadContext } from './context.js';
import { writeState } from './state.js';
import type { Row } from './types.js';

/** The Organizations tag that links an account to a product. */
export const PRODUCT_TAG = 'Product';

const CONTACT_TYPES = ['billing', 'operations', 'security'] as const;

export interface AccountState {
  /** Snapshot date of the stored attributes (updated when this load replaces them). */
  attributesAsOf: string;
}

export async function writeAccount(ctx: LoadContext, state: AccountState, section: AccountSection): Promise<void> {
  if (ctx.date >= state.attributesAsOf) {
    await writeAttributes(ctx, section);
    await linkProduct(ctx, section.tags[PRODUCT_TAG]);
    state.attributesAsOf = ctx.date;
  } else {
    ctx.stats.note(`older snapshot: account attributes kept from ${state.attributesAsOf}`);
  }

  // Contact details are state (daily facts). Absent (undefined) = not collected: no change;
  // null = the account has none: the stored version is closed.
  if (section.contact_info !== undefined) {
    await writeState(ctx, 'contact_info', section.contact_info ? [section.contact_info] : [], asRow);
  }
  if (section.alternate_contacts !== undefined) {
    const contacts = section.alternate_contacts ?? {};
    const rows: Row[] = [];
    for (const type of CONTACT_TYPES) {
      const c = contacts[type];
      if (c) rows.push({ contact_type: type, full_name: c.full_name, title: c.title, email: c.email, phone_number: c.phone_number });
    }
    await writeState(ctx, 'alternate_contacts', rows, (r) => r);
  }
}

async function writeAttributes(ctx: LoadContext, a: AccountSection): Promise<void> {
  const row: Row = {
    account_id: ctx.accountId,
    account_name: a.name,
    account_email: a.email,
    account_status: a.status,
    account_arn: a.arn,
    joined_method: a.joined_method,
    joined_timestamp: a.joined_timestamp,
    account_type: a.account_type,
    organization_id: a.organization?.id,
    management_account_id: a.organization?.management_account_id,
    ou_id: a.organization?.ou_id,
    ou_path: a.organization?.ou_path ?? [],
    tags: a.tags,
    partner_name: a.partner_name,
    customer_name: a.customer_name,
    category: a.category,
    attributes_as_of: ctx.date,
  };
  const info = tableInfo(ctx.catalog, 'accounts');
  const columns = columnsOf(info, Object.keys(row));
  const attrs = columns.filter((c) => c.name !== 'account_id' && c.name !== 'attributes_as_of');
  await forEachChunk(ctx, 'accounts', [row], columns, (rs) =>
    `update accounts as t set ${[...attrs, info.byName.get('attributes_as_of')!].map((c) => `${ident(c.name)} = ${valueExpr(c)}`).join(', ')}, updated_at = now() ` +
      `from ${rs} where t.account_id = r.account_id and t.attributes_as_of <= r.attributes_as_of ` +
      `and ((${attrs.map((c) => `t.${ident(c.name)}`).join(', ')}) is distinct from (${attrs.map(valueExpr).join(', ')}) or t.attributes_as_of < r.attributes_as_of)`,
  );
}

/** Links the account to the product named by its tag (source 'tag'); drops tag links that no longer match. */
async function linkProduct(ctx: LoadContext, tag: string | undefined): Promise<void> {
  const product = tag?.trim() || null;
  if (product) {
    await ctx.queue.submit('products', 'insert into products (name) values ($1) on conflict (name) do nothing', [product]);
    await ctx.queue.submit(
      'product_accounts',
      `insert into product_accounts (product_id, account_id, source)
       select product_id, $2, 'tag' from products where name = $1
       on conflict (product_id, account_id) do nothing`,
      [product, ctx.accountId],
    );
  }
  await ctx.queue.submit(
    'product_accounts',
    `delete from product_accounts where account_id = $1 and source = 'tag'
       and product_id not in (select product_id from products where name = $2::text and $2::text is not null)`,
    [ctx.accountId, product],
  );
}
