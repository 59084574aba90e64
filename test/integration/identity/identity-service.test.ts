import bcrypt from 'bcryptjs';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/errors.js';
import { IdentityService } from '../../../src/identity/identity.service.js';
import { SettingsRepository } from '../../../src/identity/settings.repository.js';
import { UserEntity } from '../../../src/identity/user.entity.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

/** Identity tables, children first. */
const IDENTITY_TABLES = ['app_membership', 'app_user', 'app_group'];

describe(IdentityService.name, () => {
  let db: TestDatabase;
  let sut: IdentityService;

  beforeAll(async () => {
    db = await createTestDataSource();
    sut = new IdentityService(db.dataSource);
  });

  beforeEach(async () => {
    await db.clear(...IDENTITY_TABLES);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  describe('createUser', () => {
    it('stores a bcrypt hash of cost 10, never the password itself', async () => {
      // when
      await sut.createUser({ id: 'zhang.wei', name: '张伟', email: 'zhang.wei@example.cn', password: 'pa55word-zw' });

      // then
      const row = await db.dataSource.getRepository(UserEntity).findOneByOrFail({ id: 'zhang.wei' });
      expect(row.passwordHash).not.toBe('pa55word-zw');
      expect(row.passwordHash).not.toContain('pa55word-zw');
      expect(row.passwordHash).toMatch(/^\$2[aby]\$10\$[./A-Za-z0-9]{53}$/);
      expect(await bcrypt.compare('pa55word-zw', row.passwordHash)).toBe(true);
    });

    it('keeps Chinese display names intact', async () => {
      await sut.createUser({ id: 'li.na', name: '李娜（治安支队）', password: 'pa55word-ln' });

      expect((await sut.getUser('li.na'))?.name).toBe('李娜（治安支队）');
    });

    it('returns the new user without its hash', async () => {
      const user = await sut.createUser({ id: 'u1', name: 'User One', password: 'pa55word-u1' });

      expect(user).toEqual({ id: 'u1', name: 'User One', email: null, disabled: false, passwordChangeRequired: false, createdAt: expect.any(Date), updatedAt: expect.any(Date) });
      expect(user).not.toHaveProperty('passwordHash');
    });

    it.each(['', 'has space', 'semi;colon', 'x'.repeat(65), '中文'])('rejects the malformed id %j', async (id) => {
      await expect(sut.createUser({ id, name: 'n', password: 'pa55word-xx' })).rejects.toThrow(ValidationError);
    });

    it('rejects a password shorter than 8 characters or longer than 72 bytes', async () => {
      await expect(sut.createUser({ id: 'a', name: 'a', password: 'short' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ path: 'password', message: expect.stringMatching(/at least 8/) }] },
      });
      await expect(sut.createUser({ id: 'b', name: 'b', password: '密'.repeat(25) })).rejects.toMatchObject({
        details: { issues: [{ path: 'password', message: expect.stringMatching(/at most 72 bytes/) }] },
      });
    });

    it('refuses a second user with the same id', async () => {
      await sut.createUser({ id: 'dup', name: 'First', password: 'pa55word-d1' });

      await expect(sut.createUser({ id: 'dup', name: 'Second', password: 'pa55word-d2' })).rejects.toMatchObject({
        constructor: ConflictError,
        code: 'USER_EXISTS',
      });
    });
  });

  describe('verifyPassword', () => {
    beforeEach(async () => {
      await sut.createUser({ id: 'wang.fang', name: '王芳', password: 'right-password' });
      await sut.createGroup({ id: 'licensing', name: '许可审批组' });
      await sut.addMembership('wang.fang', 'licensing');
    });

    it('returns the user with its groups for the right password', async () => {
      await expect(sut.verifyPassword('wang.fang', 'right-password')).resolves.toEqual({
        id: 'wang.fang',
        name: '王芳',
        email: null,
        groupIds: ['licensing'],
        tokenGeneration: 0,
        passwordChangeRequired: false,
      });
    });

    it('returns null for a wrong password', async () => {
      await expect(sut.verifyPassword('wang.fang', 'wrong-password')).resolves.toBeNull();
    });

    it('returns null for an unknown user, after comparing against a dummy hash', async () => {
      // given: the dummy hash is computed once; warm it up so the timing below is representative
      await sut.verifyPassword('nobody', 'whatever');

      // when
      const started = performance.now();
      const result = await sut.verifyPassword('nobody', 'whatever');
      const elapsed = performance.now() - started;

      // then: a bcrypt comparison at cost 10 took place
      expect(result).toBeNull();
      expect(elapsed).toBeGreaterThan(10);
    });

    it('returns null for a disabled user even with the right password', async () => {
      await sut.setDisabled('wang.fang', true);

      await expect(sut.verifyPassword('wang.fang', 'right-password')).resolves.toBeNull();
    });

    it('rejects a password whose first 72 bytes match (bcrypt truncation)', async () => {
      await sut.createUser({ id: 'long', name: 'Long', password: 'p'.repeat(72) });

      await expect(sut.verifyPassword('long', 'p'.repeat(72))).resolves.not.toBeNull();
      await expect(sut.verifyPassword('long', `${'p'.repeat(72)}extra`)).resolves.toBeNull();
    });

    it('accepts a new password after setPassword and refuses the old one', async () => {
      await sut.setPassword('wang.fang', 'a-new-password');

      await expect(sut.verifyPassword('wang.fang', 'right-password')).resolves.toBeNull();
      await expect(sut.verifyPassword('wang.fang', 'a-new-password')).resolves.not.toBeNull();
    });
  });

  describe('groups and memberships', () => {
    it('lists a user’s groups sorted, and adding a membership twice is harmless', async () => {
      // given
      await sut.createUser({ id: 'u', name: 'U', password: 'pa55word-u0' });
      await sut.createGroup({ id: 'b-group', name: 'B' });
      await sut.createGroup({ id: 'a-group', name: 'A', type: 'WORKFLOW' });

      // when
      await sut.addMembership('u', 'b-group');
      await sut.addMembership('u', 'a-group');
      await sut.addMembership('u', 'a-group');

      // then
      await expect(sut.groupIdsOf('u')).resolves.toEqual(['a-group', 'b-group']);
      await expect(sut.getGroup('a-group')).resolves.toEqual({ id: 'a-group', name: 'A', type: 'WORKFLOW' });
    });

    it('refuses memberships of unknown users or groups', async () => {
      await sut.createUser({ id: 'u', name: 'U', password: 'pa55word-u0' });
      await sut.createGroup({ id: 'g', name: 'G' });

      await expect(sut.addMembership('ghost', 'g')).rejects.toMatchObject({ constructor: NotFoundError, code: 'USER_NOT_FOUND' });
      await expect(sut.addMembership('u', 'ghost')).rejects.toMatchObject({ constructor: NotFoundError, code: 'GROUP_NOT_FOUND' });
    });

    it('refuses a second group with the same id', async () => {
      await sut.createGroup({ id: 'g', name: 'G' });

      await expect(sut.createGroup({ id: 'g', name: 'G2' })).rejects.toMatchObject({ code: 'GROUP_EXISTS' });
    });

    it('returns no groups for an unknown user', async () => {
      await expect(sut.groupIdsOf('ghost')).resolves.toEqual([]);
    });
  });

  describe('ensureAdmin', () => {
    it('on an empty database creates admin with the given password in groups admin and camunda-admin', async () => {
      // when
      const result = await sut.ensureAdmin('the-admin-password');

      // then
      expect(result).toEqual({ created: true });
      await expect(sut.verifyPassword('admin', 'the-admin-password')).resolves.toMatchObject({
        id: 'admin',
        groupIds: ['admin', 'camunda-admin'],
      });
    });

    it('without a password generates a 20-character one, returns it, and it works', async () => {
      // when
      const result = await sut.ensureAdmin(undefined);

      // then
      expect(result.created).toBe(true);
      expect(result.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
      await expect(sut.verifyPassword('admin', result.generatedPassword as string)).resolves.not.toBeNull();
    });

    it('on a second start changes nothing, even with another password', async () => {
      // given
      await sut.ensureAdmin('first-password');
      const before = await db.dataSource.getRepository(UserEntity).findOneByOrFail({ id: 'admin' });

      // when
      const result = await sut.ensureAdmin('second-password');

      // then
      expect(result).toEqual({ created: false });
      const after = await db.dataSource.getRepository(UserEntity).findOneByOrFail({ id: 'admin' });
      expect(after.passwordHash).toBe(before.passwordHash);
      await expect(sut.verifyPassword('admin', 'first-password')).resolves.not.toBeNull();
    });

    it('does nothing when other users already exist', async () => {
      await sut.createUser({ id: 'someone', name: 'Someone', password: 'pa55word-s1' });

      await expect(sut.ensureAdmin('the-admin-password')).resolves.toEqual({ created: false });
      await expect(sut.getUser('admin')).resolves.toBeNull();
    });
  });

  describe('ensureWorkerAccount', () => {
    it('creates the worker account in group worker, once', async () => {
      // when
      const first = await sut.ensureWorkerAccount('worker');
      const second = await sut.ensureWorkerAccount('worker');

      // then
      expect(first).toEqual({ created: true });
      expect(second).toEqual({ created: false });
      await expect(sut.groupIdsOf('worker')).resolves.toEqual(['worker']);
      const row = await db.dataSource.getRepository(UserEntity).findOneByOrFail({ id: 'worker' });
      expect(row.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    });

    it('runs after ensureAdmin on a first start and leaves both accounts in place', async () => {
      // given: a normal first start runs ensureAdmin before ensureWorkerAccount
      await sut.ensureAdmin('the-admin-password');

      // when
      await sut.ensureWorkerAccount('worker');

      // then
      await expect(sut.getUser('admin')).resolves.not.toBeNull();
      await expect(sut.getUser('worker')).resolves.not.toBeNull();
    });
  });
});

describe(SettingsRepository.name, () => {
  let db: TestDatabase;
  let sut: SettingsRepository;

  beforeAll(async () => {
    db = await createTestDataSource();
    sut = new SettingsRepository(db.dataSource);
  });

  beforeEach(async () => {
    await db.clear('app_setting');
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('returns null for a key never set, and the value after set', async () => {
    await expect(sut.get('some.key')).resolves.toBeNull();

    await sut.set('some.key', '值一');
    await sut.set('some.key', '值二');

    await expect(sut.get('some.key')).resolves.toBe('值二');
  });

  it('getOrCreate stores the first value and keeps returning it', async () => {
    const first = await sut.getOrCreate('jwt.secret', () => 'generated-1');
    const second = await sut.getOrCreate('jwt.secret', () => 'generated-2');

    expect(first).toBe('generated-1');
    expect(second).toBe('generated-1');
  });

  it('getOrCreate called concurrently agrees on one value', async () => {
    const values = await Promise.all([1, 2, 3, 4].map((n) => sut.getOrCreate('race', () => `v${n}`)));

    expect(new Set(values).size).toBe(1);
  });
});
