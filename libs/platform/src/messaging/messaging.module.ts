import { type DynamicModule, Module } from '@nestjs/common';
import { createKafka, type KafkaOptions } from '@budget/messaging';
import { type PlatformConfig } from '../config';
import { PLATFORM_CONFIG } from '../platform.module';
import { ConsumerHost } from './consumer-host';
import { DeadLettersController } from './dead-letters.controller';
import { OutboxService } from './outbox.service';
import { KAFKA, nestLogger, SERVICE_MESSAGING, type ServiceMessagingOptions } from './tokens';

export { ConsumerHost } from './consumer-host';
export { OutboxService } from './outbox.service';
export { KAFKA, nestLogger, SERVICE_MESSAGING, type ServiceMessagingOptions } from './tokens';

/** The TLS/SASL settings of the config, only those set (none: createKafka is called exactly as before). */
export function kafkaSecurityOf(config: PlatformConfig): Pick<KafkaOptions, 'ssl' | 'sasl'> {
  return { ...(config.kafka.ssl === undefined ? {} : { ssl: config.kafka.ssl }), ...(config.kafka.sasl === undefined ? {} : { sasl: config.kafka.sasl }) };
}

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
          useFactory: (config: PlatformConfig) => createKafka({ brokers: config.kafka.brokers, clientId: opts.clientId, logger: nestLogger('Kafka'), ...kafkaSecurityOf(config) }),
        },
        OutboxService,
        ConsumerHost,
      ],
      controllers: [DeadLettersController],
      exports: [KAFKA, SERVICE_MESSAGING, OutboxService, ConsumerHost],
    };
  }
}
