import { ConfigError, loadConfig, parseDuration, type ConfigIssue } from '../../src/config.js';

describe('loadConfig', () => {
  describe('with no variables set', () => {
    it('uses the documented defaults and an embedded engine', () => {
      // when
      const config = loadConfig({});

      // then
      expect(config).toEqual({
        port: 8080,
        host: '0.0.0.0',
        database: { kind: 'sqlite', location: './data/supervision.db' },
        engine: { mode: 'embedded' },
        adminPassword: undefined,
        jwtSecret: undefined,
        jwtExpiresIn: '8h',
        jwtExpiresInSeconds: 8 * 3600,
        workerUser: 'worker',
        logLevel: 'info',
        apiResponseCheck: 'off',
        loginThrottle: { maxFailures: 5, lockMinutes: 15 },
        trustProxy: false,
        publicSubmissionsPerHour: 60,
        workersEnabled: true,
        licensing: {
          fileStorageDir: './data/files',
          uploadMaxBytes: 20 * 1024 * 1024,
          urgeIntervalMinutes: 30,
          listReadPage: 1000,
          permitDecisionLevel: 'province',
          publicBaseUrl: 'http://localhost:8080',
          guardExamPassScore: 60,
        },
        notifications: { email: { mode: 'log' }, sms: { mode: 'log' }, maxAttempts: 5, retrySeconds: 60, intervalSeconds: 10 },
      });
    });

    it('returns a frozen object, nested parts included', () => {
      const config = loadConfig({});

      expect(Object.isFrozen(config)).toBe(true);
      expect(Object.isFrozen(config.database)).toBe(true);
      expect(Object.isFrozen(config.engine)).toBe(true);
    });

    it('treats empty variables as unset', () => {
      const config = loadConfig({ PORT: '', HOST: ' ', JWT_SECRET: '', ENGINE_URL: '', WORKERS_ENABLED: '' });

      expect(config.port).toBe(8080);
      expect(config.host).toBe('0.0.0.0');
      expect(config.jwtSecret).toBeUndefined();
      expect(config.engine).toEqual({ mode: 'embedded' });
      expect(config.workersEnabled).toBe(true);
    });
  });

  describe('with every variable set to a valid value', () => {
    it('reads each of them', () => {
      // given
      const env = {
        PORT: '3000',
        HOST: '127.0.0.1',
        DATABASE_URL: 'mysql://app:pw@db:3306/supervision',
        ENGINE_URL: 'https://operaton:8080/engine-rest/',
        ENGINE_USER: 'demo',
        ENGINE_PASSWORD: 'demo-secret',
        ADMIN_PASSWORD: 'an-admin-password',
        JWT_SECRET: 'x'.repeat(32),
        JWT_EXPIRES_IN: '15m',
        WORKER_USER: 'svc.worker',
        LOG_LEVEL: 'debug',
        API_RESPONSE_CHECK: 'Log',
        LOGIN_MAX_FAILURES: '8',
        LOGIN_LOCK_MINUTES: '30',
        TRUST_PROXY: 'true',
        PUBLIC_SUBMISSIONS_PER_HOUR: '10',
        WORKERS_ENABLED: 'false',
        FILE_STORAGE_DIR: '/var/lib/supervision/files',
        UPLOAD_MAX_BYTES: '1048576',
        PERMIT_DECISION_LEVEL: 'city',
        LIST_READ_PAGE: '250',
        CLOCK_RULES_FILE: '/etc/supervision/clock-rules.json',
        HOLIDAY_CALENDAR_FILE: '/etc/supervision/holidays-2027.json',
        REGIONS_FILE: '/etc/supervision/regions.json',
        NUMBER_PATTERNS_FILE: '/etc/supervision/numbers.json',
        PUBLIC_BASE_URL: 'https://baoan.gdga.gov.cn/',
        GUARD_EXAM_PASS_SCORE: '70',
        NOTIFY_EMAIL: 'smtp',
        SMTP_URL: 'smtps://mailer:mail-secret@mail.gdga.gov.cn:465',
        SMTP_FROM: '保安监管系统 <noreply@gdga.gov.cn>',
        NOTIFY_SMS: 'off',
        NOTIFY_MAX_ATTEMPTS: '8',
        NOTIFY_RETRY_SECONDS: '30',
        NOTIFY_INTERVAL_SECONDS: '5',
      };

      // when
      const config = loadConfig(env);

      // then
      expect(config).toEqual({
        port: 3000,
        host: '127.0.0.1',
        database: { kind: 'mysql', location: 'mysql://app:pw@db:3306/supervision' },
        engine: { mode: 'remote', url: 'https://operaton:8080/engine-rest', credentials: { user: 'demo', password: 'demo-secret' } },
        adminPassword: 'an-admin-password',
        jwtSecret: 'x'.repeat(32),
        jwtExpiresIn: '15m',
        jwtExpiresInSeconds: 900,
        workerUser: 'svc.worker',
        logLevel: 'debug',
        apiResponseCheck: 'log',
        loginThrottle: { maxFailures: 8, lockMinutes: 30 },
        trustProxy: true,
        publicSubmissionsPerHour: 10,
        workersEnabled: false,
        licensing: {
          fileStorageDir: '/var/lib/supervision/files',
          uploadMaxBytes: 1048576,
          urgeIntervalMinutes: 30,
          listReadPage: 250,
          permitDecisionLevel: 'city',
          clockRulesFile: '/etc/supervision/clock-rules.json',
          holidayCalendarFile: '/etc/supervision/holidays-2027.json',
          regionsFile: '/etc/supervision/regions.json',
          numberPatternsFile: '/etc/supervision/numbers.json',
          publicBaseUrl: 'https://baoan.gdga.gov.cn',
          guardExamPassScore: 70,
        },
        notifications: {
          email: { mode: 'smtp', url: 'smtps://mailer:mail-secret@mail.gdga.gov.cn:465', from: '保安监管系统 <noreply@gdga.gov.cn>' },
          sms: { mode: 'off' }, maxAttempts: 8, retrySeconds: 30, intervalSeconds: 5,
        },
      });
    });
  });

  it.each([
    ['1', 1],
    ['65535', 65535],
  ])('accepts PORT=%s', (value, expected) => {
    expect(loadConfig({ PORT: value }).port).toBe(expected);
  });

  it.each([
    ['sqlite::memory:', { kind: 'sqlite', location: ':memory:' }],
    ['./var/app.db', { kind: 'sqlite', location: './var/app.db' }],
    ['mariadb://root@127.0.0.1:3306/test', { kind: 'mysql', location: 'mysql://root@127.0.0.1:3306/test' }],
  ])('accepts DATABASE_URL=%s', (value, expected) => {
    expect(loadConfig({ DATABASE_URL: value }).database).toEqual(expected);
  });

  it('names every invalid licensing setting at once', () => {
    expect(() => loadConfig({ PERMIT_DECISION_LEVEL: 'county', UPLOAD_MAX_BYTES: '10', GUARD_EXAM_PASS_SCORE: '101', PUBLIC_BASE_URL: 'not a url', LIST_READ_PAGE: '0' })).toThrow(ConfigError);
    try {
      loadConfig({ PERMIT_DECISION_LEVEL: 'county', UPLOAD_MAX_BYTES: '10', GUARD_EXAM_PASS_SCORE: '101', PUBLIC_BASE_URL: 'not a url', LIST_READ_PAGE: '0' });
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.variable).sort()).toEqual(['GUARD_EXAM_PASS_SCORE', 'LIST_READ_PAGE', 'PERMIT_DECISION_LEVEL', 'PUBLIC_BASE_URL', 'UPLOAD_MAX_BYTES']);
    }
  });

  it('accepts a remote engine without credentials', () => {
    expect(loadConfig({ ENGINE_URL: 'http://operaton:8080/engine-rest' }).engine).toEqual({
      mode: 'remote',
      url: 'http://operaton:8080/engine-rest',
      credentials: null,
    });
  });

  it.each([
    ['30s', 30],
    ['15m', 900],
    ['8h', 28800],
    ['7d', 604800],
  ])('accepts JWT_EXPIRES_IN=%s', (value, seconds) => {
    expect(loadConfig({ JWT_EXPIRES_IN: value }).jwtExpiresInSeconds).toBe(seconds);
  });

  it.each(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', 'WARN'])('accepts LOG_LEVEL=%s', (value) => {
    expect(loadConfig({ LOG_LEVEL: value }).logLevel).toBe(value.toLowerCase());
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['FALSE', false],
    ['0', false],
    ['off', false],
  ])('reads WORKERS_ENABLED=%s as %s', (value, expected) => {
    expect(loadConfig({ WORKERS_ENABLED: value }).workersEnabled).toBe(expected);
  });

  it('reads ENGINE_NODE_ID, and leaves it undefined when unset (the node then derives it from host name and PORT)', () => {
    expect(loadConfig({ ENGINE_NODE_ID: ' node-a.office:8080 ' }).engineNodeId).toBe('node-a.office:8080');
    expect(loadConfig({}).engineNodeId).toBeUndefined();
  });

  describe('with an invalid variable', () => {
    it.each([
      ['PORT', 'abc', /integer between 1 and 65535/],
      ['PORT', '0', /between 1 and 65535/],
      ['PORT', '65536', /between 1 and 65535/],
      ['PORT', '80.5', /integer/],
      ['DATABASE_URL', 'postgres://db/x', /must start with mysql:\/\/, mariadb:\/\/ or sqlite:/],
      ['DATABASE_URL', 'mysql://127.0.0.1:3306', /must name a database/],
      ['ENGINE_URL', 'not a url', /http\(s\) URL/],
      ['ENGINE_URL', 'ftp://engine/engine-rest', /http or https/],
      ['ENGINE_URL', 'http://u:p@engine/engine-rest', /must not contain credentials/],
      ['ADMIN_PASSWORD', 'short', /at least 8 characters/],
      ['ADMIN_PASSWORD', 'é'.repeat(40), /at most 72 bytes/],
      ['JWT_SECRET', 'too-short-secret', /at least 32 characters/],
      ['JWT_EXPIRES_IN', '8 hours', /duration such as 15m, 8h or 7d/],
      ['JWT_EXPIRES_IN', '0h', /positive duration/],
      ['JWT_EXPIRES_IN', '3600', /duration/],
      ['WORKER_USER', 'bad user!', /letters, digits/],
      ['LOG_LEVEL', 'verbose', /must be one of fatal, error, warn, info, debug, trace, silent/],
      ['API_RESPONSE_CHECK', 'always', /must be one of off, log, strict/],
      ['WORKERS_ENABLED', 'maybe', /true or false/],
      ['ENGINE_NODE_ID', 'node a', /letters, digits/],
    ])('rejects %s=%s and names the variable', (variable, value, message) => {
      // when
      const issues = issuesOf({ [variable]: value });

      // then
      expect(issues).toEqual([{ variable, message: expect.stringMatching(message) }]);
    });

    it('puts the variable name and the reason in the error message', () => {
      expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT: must be an integer between 1 and 65535 \(got "abc"\)/);
    });

    it('does not echo secret values in the message', () => {
      const error = catchConfigError({ JWT_SECRET: 'my-very-secret-value', ADMIN_PASSWORD: 'secret' });

      expect(error.message).not.toContain('my-very-secret-value');
      expect(error.message).not.toContain('"secret"');
    });
  });

  describe('with engine credentials', () => {
    it('rejects ENGINE_USER without ENGINE_PASSWORD', () => {
      const issues = issuesOf({ ENGINE_URL: 'http://engine/engine-rest', ENGINE_USER: 'demo' });

      expect(issues).toEqual([{ variable: 'ENGINE_PASSWORD', message: expect.stringMatching(/set together/) }]);
    });

    it('rejects ENGINE_PASSWORD without ENGINE_USER', () => {
      const issues = issuesOf({ ENGINE_URL: 'http://engine/engine-rest', ENGINE_PASSWORD: 'demo' });

      expect(issues).toEqual([{ variable: 'ENGINE_USER', message: expect.stringMatching(/set together/) }]);
    });

    it('rejects credentials when the engine is embedded', () => {
      const issues = issuesOf({ ENGINE_USER: 'demo', ENGINE_PASSWORD: 'demo' });

      expect(issues.map((i) => i.variable).sort()).toEqual(['ENGINE_PASSWORD', 'ENGINE_USER']);
      expect(issues[0]?.message).toMatch(/ENGINE_URL/);
    });
  });

  it('lists every invalid variable at once', () => {
    // given
    const env = { PORT: 'x', LOG_LEVEL: 'loud', JWT_SECRET: 'short', WORKERS_ENABLED: 'perhaps', ENGINE_USER: 'demo' };

    // when
    const issues = issuesOf(env);

    // then
    expect(new Set(issues.map((i) => i.variable))).toEqual(
      new Set(['PORT', 'LOG_LEVEL', 'JWT_SECRET', 'WORKERS_ENABLED', 'ENGINE_USER', 'ENGINE_PASSWORD']),
    );
  });

  it('reads process.env when called without arguments', () => {
    const saved = process.env['PORT'];
    process.env['PORT'] = '4321';
    try {
      expect(loadConfig().port).toBe(4321);
    } finally {
      if (saved === undefined) delete process.env['PORT'];
      else process.env['PORT'] = saved;
    }
  });
});

describe('parseDuration', () => {
  it.each([
    ['1s', 1],
    ['2m', 120],
    [' 8h ', 28800],
    ['1d', 86400],
    ['8H', null],
    ['-1h', null],
    ['', null],
  ])('reads %j as %s seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });
});

// helpers ////

function catchConfigError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

function issuesOf(env: NodeJS.ProcessEnv): ConfigIssue[] {
  return catchConfigError(env).issues;
}
