import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync, ValidateBy, ValidateIf } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An optional whole number from the environment: unset or empty is undefined, digits a number, anything else stays for the validator to name. */
const optionalInteger = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : /^\d+$/.test(String(value)) ? Number(value) : value);

/** The runtime contract (DESIGN.md): every variable both apps read, validated at boot. */
export class AppConfig {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL 必须是 postgres:// 连接串' })
  DATABASE_URL: string;

  /** Required unless REDIS_CLUSTER_NODES is set (then only its credentials and TLS are used). */
  @ValidateIf((c: AppConfig) => !c.REDIS_CLUSTER_NODES || (c.REDIS_URL !== undefined && c.REDIS_URL !== ''))
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL 必须是 redis:// 连接串' })
  REDIS_URL: string;

  /** Redis Cluster seed nodes `host:port,host:port`: BullMQ, rate limits and health use the cluster. */
  @ValidateIf((c: AppConfig) => c.REDIS_CLUSTER_NODES !== undefined && c.REDIS_CLUSTER_NODES !== '')
  @Matches(/^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, { message: 'REDIS_CLUSTER_NODES 必须是 host:port 列表，以逗号分隔' })
  REDIS_CLUSTER_NODES?: string;

  @Transform(({ value }) => (/^\d+$/.test(String(value)) ? Number(value) : value))
  @IsInt({ message: 'PORT 必须是 1–65535 的整数' })
  @Min(0, { message: 'PORT 必须是 1–65535 的整数' })
  @Max(65535, { message: 'PORT 必须是 1–65535 的整数' })
  PORT: number;

  @IsString({ message: 'JWT_SECRET 必须设置' })
  @MinLength(8, { message: 'JWT_SECRET 至少 8 个字符' })
  @ValidateBy({
    name: 'productionSecretLength',
    validator: {
      validate: (v: unknown, args) => (args?.object as AppConfig).NODE_ENV !== 'production' || (typeof v === 'string' && v.length >= 32),
      defaultMessage: () => 'JWT_SECRET 在生产环境至少 32 个字符',
    },
  })
  JWT_SECRET: string;

  /** 32 bytes, base64: the key for personal data at rest. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'DATA_KEY 必须是 32 字节的 base64 字符串' })
  DATA_KEY: string;

  @IsString({ message: 'PLATFORM_ADMIN_PASSWORD 必须设置' })
  @MinLength(10, { message: 'PLATFORM_ADMIN_PASSWORD 至少 10 个字符' })
  PLATFORM_ADMIN_PASSWORD: string;

  /** Hash-tagged ({...}) so every queue key of one prefix lands in one Redis Cluster slot. */
  @Matches(/^\{[A-Za-z0-9_:-]+\}[A-Za-z0-9_:-]*$/, { message: 'QUEUE_PREFIX 必须以哈希标签开头，如 {sn}' })
  QUEUE_PREFIX: string;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL 必须是 ${LOG_LEVELS.join('/')} 之一` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number];

  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV 必须是 development/production/test 之一' })
  NODE_ENV: 'development' | 'production' | 'test';

  @IsOptional()
  @Transform(optionalInteger)
  @IsInt({ message: 'DB_POOL_SIZE 必须是整数' })
  DB_POOL_SIZE?: number;

  /**
   * Named (prepared) statements for the texts the application repeats (PreparingClient); on by
   * default. `false` behind a transaction-pooling PgBouncer older than 1.21.
   */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'DB_AUTO_PREPARE 必须是 true 或 false' })
  DB_AUTO_PREPARE?: 'true' | 'false';

  /**
   * ms the API may reuse a signed-in user's account as read for an earlier request (PrincipalCache);
   * 0 re-reads it on every request. Changes to users and org units are announced by NOTIFY and
   * drop the copy at once; the lifetime only bounds a copy nobody announced a change of.
   */
  @IsOptional()
  @Transform(optionalInteger)
  @IsInt({ message: 'PRINCIPAL_CACHE_TTL_MS 必须是非负整数（毫秒）' })
  @Min(0, { message: 'PRINCIPAL_CACHE_TTL_MS 必须是非负整数（毫秒）' })
  PRINCIPAL_CACHE_TTL_MS?: number;

  /** ms a transaction of the apps may sit idle before PostgreSQL ends it (runtimeConnectionOptions reads it). */
  @IsOptional()
  @Matches(/^\d+$/, { message: 'DB_IDLE_TX_TIMEOUT_MS 必须是非负整数（毫秒）' })
  DB_IDLE_TX_TIMEOUT_MS?: string;
}

const DEFAULTS: Record<string, string> = { PORT: '3000', QUEUE_PREFIX: '{sn}', LOG_LEVEL: 'info', NODE_ENV: 'development' };

export class ConfigError extends Error {
  constructor(readonly variables: string[], message: string) {
    super(message);
  }
}

/** Validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const withDefaults = { ...env };
  for (const [k, v] of Object.entries(DEFAULTS)) if (withDefaults[k] === undefined || withDefaults[k] === '') withDefaults[k] = v;
  const config = plainToInstance(AppConfig, withDefaults, { enableImplicitConversion: false });
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length) {
    const lines = errors.map((e) => {
      const msgs = Object.values(e.constraints ?? {});
      const missing = env[e.property] === undefined || env[e.property] === '';
      return `${e.property}: ${missing ? '未设置；' : ''}${msgs.join('；')}`;
    });
    throw new ConfigError(errors.map((e) => e.property), `配置无效 (invalid configuration):\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** Boot guard for both apps: a bad environment stops the process (exit 78, EX_CONFIG) naming the variables. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
}
