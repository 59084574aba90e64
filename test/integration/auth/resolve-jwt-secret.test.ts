import { JWT_SECRET_SETTING, resolveJwtSecret, TokenService } from '../../../src/auth/tokens.js';
import { SettingsRepository } from '../../../src/identity/settings.repository.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

describe(resolveJwtSecret.name, () => {
  let db: TestDatabase;
  let settings: SettingsRepository;

  beforeAll(async () => {
    db = await createTestDataSource();
    settings = new SettingsRepository(db.dataSource);
  });

  beforeEach(async () => {
    await db.clear('app_setting');
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('returns JWT_SECRET when configured and stores nothing', async () => {
    const secret = await resolveJwtSecret({ jwtSecret: 'c'.repeat(32) }, settings);

    expect(secret).toBe('c'.repeat(32));
    await expect(settings.get(JWT_SECRET_SETTING)).resolves.toBeNull();
  });

  it('on first start without JWT_SECRET generates 48 random bytes, stores them, and keeps using them', async () => {
    // when
    const first = await resolveJwtSecret({ jwtSecret: undefined }, settings);
    const second = await resolveJwtSecret({ jwtSecret: undefined }, settings);

    // then
    expect(first).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(second).toBe(first);
    await expect(settings.get(JWT_SECRET_SETTING)).resolves.toBe(first);
  });

  it('gives a secret that tokens signed before a restart still verify with', async () => {
    // given: a token signed by the first process
    const before = new TokenService({ secret: await resolveJwtSecret({ jwtSecret: undefined }, settings), expiresInSeconds: 60 });
    const token = before.sign({ userId: 'u', groupIds: ['g'] });

    // when: a new process resolves the secret again
    const after = new TokenService({ secret: await resolveJwtSecret({ jwtSecret: undefined }, settings), expiresInSeconds: 60 });

    // then
    expect(after.verify(token)).toEqual({ userId: 'u', groupIds: ['g'] });
  });
});

describe(TokenService.name, () => {
  it('refuses a secret shorter than 32 characters', () => {
    expect(() => new TokenService({ secret: 'short', expiresInSeconds: 60 })).toThrow(/at least 32/);
  });

  it('tokenSupplier reuses a token until 80 % of its lifetime has passed, then signs a new one', () => {
    // given
    let now = 1_800_000_000_000;
    const sut = new TokenService({ secret: 's'.repeat(32), expiresInSeconds: 100, clock: () => now });
    const supply = sut.tokenSupplier({ userId: 'worker', groupIds: ['worker'] });

    // when
    const first = supply();
    now += 79_000;
    const stillFirst = supply();
    now += 2_000;
    const renewed = supply();

    // then
    expect(stillFirst).toBe(first);
    expect(renewed).not.toBe(first);
    expect(sut.verify(renewed)).toEqual({ userId: 'worker', groupIds: ['worker'] });
  });
});
