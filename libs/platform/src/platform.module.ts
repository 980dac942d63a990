import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AUTH_OPTIONS, AuthGuard } from './auth/auth.guard';
import { type PlatformConfig } from './config';
import { ApiExceptionFilter } from './http/exception.filter';
import { throttlerOptions } from './http/rate-limit';

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** Authentication on every route, one error mapping, and the configuration, for each service. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(serviceName: string, config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [ThrottlerModule.forRoot(throttlerOptions(config.rateLimits))],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: serviceName },
        {
          provide: AUTH_OPTIONS,
          useValue: { secret: config.jwt.secret, issuer: config.jwt.issuer, maxLifetimeSeconds: config.jwt.maxLifetimeSeconds, clockSkewSeconds: config.jwt.clockSkewSeconds },
        },
        // In this order: the rate limits count per signed-in user.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
      exports: [PLATFORM_CONFIG, SERVICE_NAME, AUTH_OPTIONS],
    };
  }
}
