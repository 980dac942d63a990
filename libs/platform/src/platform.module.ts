import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AUTH_OPTIONS, type AuthOptions, AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { type PlatformConfig } from './config';
import { ApiExceptionFilter } from './http/exception.filter';
import { throttlerOptions } from './http/rate-limit';
import { rateLimitStorage } from './http/rate-limit-storage';
import { httpLogging } from './observability/http-logging';
import { ServiceMetrics } from './observability/metrics';
import { Observability } from './observability/observability';
import { RouteRecorder } from './observability/route-recorder';

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** What the services accept: HS256 with the secret (absent in production) and the provider's tokens (when configured). */
export function authOptions(config: Pick<PlatformConfig, 'jwt' | 'oidc'>): AuthOptions {
  const { secret, issuer, maxLifetimeSeconds, clockSkewSeconds } = config.jwt;
  return { secret, issuer, oidc: config.oidc, maxLifetimeSeconds, clockSkewSeconds };
}

/** Authentication on every route, one error mapping, the configuration, JSON logs and metrics, for each service. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(serviceName: string, config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      // The rate limits' storage is made when the application starts (not when this module is declared): it connects to Redis.
      imports: [
        ThrottlerModule.forRootAsync({ useFactory: () => ({ ...throttlerOptions(config.rateLimits), storage: rateLimitStorage(config) }) }),
        LoggerModule.forRoot(httpLogging()),
      ],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: serviceName },
        { provide: AUTH_OPTIONS, useValue: authOptions(config) },
        { provide: TokenVerifier, useFactory: (options: AuthOptions) => new TokenVerifier(options), inject: [AUTH_OPTIONS] },
        // In this order: the route is noted for the metrics (it refuses nothing); the rate limits count per signed-in user.
        { provide: APP_GUARD, useClass: RouteRecorder },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: ServiceMetrics, useValue: new ServiceMetrics(serviceName) },
        Observability,
      ],
      exports: [PLATFORM_CONFIG, SERVICE_NAME, AUTH_OPTIONS, TokenVerifier, ServiceMetrics],
    };
  }
}
