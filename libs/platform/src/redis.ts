import type { RedisOptions } from 'ioredis';
import type { PlatformConfig } from './config';

/** ioredis' connection options from the platform's Redis settings: password, ACL user and TLS only when set (see loadConfig). */
export function redisConnectionOptions(settings: PlatformConfig['redis']): Pick<RedisOptions, 'host' | 'port' | 'password' | 'username' | 'tls'> {
  const { password, username, tls } = settings;
  return {
    host: settings.host,
    port: settings.port,
    ...(password === undefined ? {} : { password }),
    ...(username === undefined ? {} : { username }),
    ...(tls === undefined ? {} : { tls }),
  };
}
