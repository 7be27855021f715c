import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { securitySection } from '../../../snapshot/index.js';
import { runCollector } from '../../../sender/run-collector.js';
import { rotationDays, secretsManagerCollector } from '../../../sender/collectors/secrets-manager.js';
import { accessDenied, ACCOUNT, collectOk, expectValid, mergeContext, paged, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Secret = NonNullable<ReturnType<typeof securitySection.parse>['secrets_manager']>[number];
const schema = securitySection.shape.secrets_manager;

const DB_SECRET: SecretListEntry = {
  ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:payments/db-AbCdEf`,
  Name: 'payments/db',
  Description: 'RDS master credentials',
  KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  RotationEnabled: true,
  RotationLambdaARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotate-db`,
  RotationRules: { AutomaticallyAfterDays: 30 },
  LastRotatedDate: new Date('2026-11-01T00:00:00Z'),
  LastChangedDate: new Date('2026-11-01T00:00:00Z'),
  LastAccessedDate: new Date('2026-11-20T00:00:00Z'),
  NextRotationDate: new Date('2026-12-01T00:00:00Z'),
  Tags: [{ Key: 'Product', Value: 'Payments' }],
  SecretVersionsToStages: { 'v-1': ['AWSCURRENT'] },
  CreatedDate: new Date('2023-05-05T00:00:00Z'),
  PrimaryRegion: 'us-east-1',
};
/** Scheduled for deletion, never rotated, default KMS key, a schedule expression instead of days. */
const OLD_SECRET: SecretListEntry = {
  ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:legacy/api-key-XyZ123`,
  Name: 'legacy/api-key',
  RotationEnabled: false,
  RotationRules: { ScheduleExpression: 'rate(10 days)' },
  CreatedDate: new Date('2021-01-01T00:00:00Z'),
  LastChangedDate: new Date('2026-11-15T09:30:00Z'),
  DeletedDate: new Date('2026-11-15T09:30:00Z'),
};

describe('secrets_manager collector with mocked SDK', () => {
  let sm: AwsClientStub<SecretsManagerClient>;
  beforeEach(() => {
    sm = mockClient(SecretsManagerClient);
  });
  afterEach(() => sm.restore());

  test('reports every secret, including those scheduled for deletion, without reading values', async () => {
    const list = paged([{ SecretList: [DB_SECRET, OLD_SECRET] }], 'NextToken', 'NextToken');
    sm.on(ListSecretsCommand).callsFake(list.fake);

    const { part } = await collectOk<Secret[]>(secretsManagerCollector);
    const secrets = expectValid(schema, part)!;
    expect(list.inputs[0]).toEqual({ IncludePlannedDeletion: true, MaxResults: 100, NextToken: undefined });
    expect(secrets).toEqual([
      {
        arn: DB_SECRET.ARN,
        name: 'payments/db',
        region: 'us-east-1',
        description: 'RDS master credentials',
        kms_key_id: DB_SECRET.KmsKeyId,
        rotation_enabled: true,
        rotation_lambda_arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotate-db`,
        rotation_days: 30,
        created_date: '2023-05-05T00:00:00.000Z',
        last_changed_date: '2026-11-01T00:00:00.000Z',
        last_accessed_date: '2026-11-20T00:00:00.000Z',
        last_rotated_date: '2026-11-01T00:00:00.000Z',
        deleted_date: null,
        tags: { Product: 'Payments' },
      },
      {
        arn: OLD_SECRET.ARN,
        name: 'legacy/api-key',
        region: 'us-east-1',
        description: null,
        kms_key_id: null,
        rotation_enabled: false,
        rotation_lambda_arn: null,
        rotation_days: 10,
        created_date: '2021-01-01T00:00:00.000Z',
        last_changed_date: '2026-11-15T09:30:00.000Z',
        last_accessed_date: null,
        last_rotated_date: null,
        deleted_date: '2026-11-15T09:30:00.000Z',
        tags: {},
      },
    ]);
    expect(sm).not.toHaveReceivedCommand(GetSecretValueCommand);
  });

  test('rotation days come from AutomaticallyAfterDays or a rate() schedule, never from cron', () => {
    expect(rotationDays(7, undefined)).toBe(7);
    expect(rotationDays(undefined, 'rate(30 days)')).toBe(30);
    expect(rotationDays(undefined, 'rate(1 day)')).toBe(1);
    expect(rotationDays(undefined, 'rate(4 hours)')).toBeNull();
    expect(rotationDays(undefined, 'cron(0 16 1,15 * ? *)')).toBeNull();
    expect(rotationDays(undefined, undefined)).toBeNull();
  });

  test('reads every page with the token of the previous one', async () => {
    const s = (i: number): SecretListEntry => ({ ...DB_SECRET, ARN: `${DB_SECRET.ARN}-${i}`, Name: `payments/db-${i}` });
    const list = paged([{ SecretList: [s(0), s(1)] }, { SecretList: [s(2)] }, { SecretList: [s(3), s(4)] }], 'NextToken', 'NextToken');
    sm.on(ListSecretsCommand).callsFake(list.fake);
    const { part } = await collectOk<Secret[]>(secretsManagerCollector);
    expect(list.tokens()).toEqual([undefined, 'page-1', 'page-2']);
    expect(list.inputs.every((i) => i.IncludePlannedDeletion === true)).toBe(true);
    expect(part.map((x) => x.name)).toEqual([0, 1, 2, 3, 4].map((i) => `payments/db-${i}`));
  });

  test('AccessDenied is access_denied', async () => {
    sm.on(ListSecretsCommand).rejects(accessDenied('secretsmanager:ListSecrets'));
    const run = await runCollector(secretsManagerCollector, regionalOptions());
    expect(run.status).toBe('access_denied');
    expect(run.error).toMatch(/secretsmanager:ListSecrets/);
  });

  test('merge concatenates the regions', async () => {
    sm.on(ListSecretsCommand).resolves({ SecretList: [DB_SECRET] });
    const east = await collectOk<Secret[]>(secretsManagerCollector, regionalOptions('us-east-1'));
    // A replica of the same secret is a separate resource in its own region.
    sm.on(ListSecretsCommand).resolves({ SecretList: [{ ...DB_SECRET, ARN: DB_SECRET.ARN!.replace('us-east-1', 'eu-west-1') }] });
    const west = await collectOk<Secret[]>(secretsManagerCollector, regionalOptions('eu-west-1'));
    const section = expectValid(securitySection, { secrets_manager: secretsManagerCollector.merge!([east.part, west.part], mergeContext()) });
    expect(section.secrets_manager?.map((s) => s.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  test('a throttled ListSecrets is retried by the SDK and the retried page is used', async () => {
    sm.on(ListSecretsCommand)
      .rejectsOnce(throttling())
      .resolves({ SecretList: [{ ARN: DB_SECRET.ARN, Name: DB_SECRET.Name, RotationEnabled: true, CreatedDate: new Date('2023-05-05T00:00:00Z'), Tags: [{ Key: 'Product', Value: 'Payments' }] }] });
    const run = await runCollector(secretsManagerCollector, regionalOptions('us-east-1', { clientFactory: retryingClientFactory(3) }));
    expect(run.status).toBe('ok');
    expect(sm.calls()).toHaveLength(2);
    expect(run.part).toEqual([expect.objectContaining({ arn: DB_SECRET.ARN, rotation_enabled: true, created_date: '2023-05-05T00:00:00.000Z', tags: { Product: 'Payments' } })]);
  });
});
