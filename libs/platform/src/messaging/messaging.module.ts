import { type DynamicModule, Module } from '@nestjs/common';
import { createKafka } from '@budget/messaging';
import { type PlatformConfig } from '../config';
import { PLATFORM_CONFIG } from '../platform.module';
import { ConsumerHost } from './consumer-host';
import { DeadLettersController } from './dead-letters.controller';
import { OutboxService } from './outbox.service';
import { KAFKA, nestLogger, SERVICE_MESSAGING, type ServiceMessagingOptions } from './tokens';

export { ConsumerHost } from './consumer-host';
export { OutboxService } from './outbox.service';
export { KAFKA, nestLogger, SERVICE_MESSAGING, type ServiceMessagingOptions } from './tokens';

@Module({})
export class MessagingModule {
  static forService(opts: ServiceMessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: SERVICE_MESSAGING, useValue: opts },
        {
          provide: KAFKA,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => createKafka({ brokers: config.kafka.brokers, clientId: opts.clientId, logger: nestLogger('Kafka') }),
        },
        OutboxService,
        ConsumerHost,
      ],
      controllers: [DeadLettersController],
      exports: [KAFKA, SERVICE_MESSAGING, OutboxService, ConsumerHost],
    };
  }
}
