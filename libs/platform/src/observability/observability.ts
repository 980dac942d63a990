import type { Server } from 'node:http';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { onChainVerification } from '@budget/event-store';
import { pinoLogger } from '@budget/messaging';
import { metricsSettings, portOf, startMetricsServer } from './metrics-server';
import { ServiceMetrics } from './metrics';
import { onStatement } from './statements';
import { stopTracing } from './tracing';

/** Starts what operators read (the metrics port) with the service and stops it with the service. */
@Injectable()
export class Observability implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = pinoLogger('metrics');
  private readonly unsubscribe: (() => void)[] = [];
  private server: Server | undefined;

  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe.push(
      onStatement((inRequest) => this.metrics.statements.inc({ origin: inRequest ? 'http' : 'background' })),
      onChainVerification((ok) => this.metrics.chainVerifications.inc({ result: ok ? 'ok' : 'broken' })),
    );
    const settings = metricsSettings();
    if (settings.port === undefined) return;
    this.server = await startMetricsServer(this.metrics, { ...settings, port: settings.port });
    this.log('info', `metrics on http://${settings.host}:${portOf(this.server)}/metrics${settings.token ? ' (bearer token required)' : ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
    // Spans still buffered leave before the process ends.
    await stopTracing();
  }
}
