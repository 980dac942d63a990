import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AUTH_OPTIONS, AuthGuard } from './auth/auth.guard';
import { type PlatformConfig } from './config';
import { ApiExceptionFilter } from './http/exception.filter';

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** Authentication on every route, one error mapping, and the configuration, for each service. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(serviceName: string, config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: serviceName },
        {
          provide: AUTH_OPTIONS,
          useValue: { secret: config.jwt.secret, issuer: config.jwt.issuer, maxLifetimeSeconds: config.jwt.maxLifetimeSeconds, clockSkewSeconds: config.jwt.clockSkewSeconds },
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
      exports: [PLATFORM_CONFIG, SERVICE_NAME, AUTH_OPTIONS],
    };
  }
}
