import { Controller, Get, HttpException, Module, Param } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { observeRequests } from './http-observer';
import { ServiceMetrics } from './metrics';
import { RouteRecorder } from './route-recorder';

@Controller('sheets')
class SheetsController {
  @Get(':sheetId/events')
  events(@Param('sheetId') sheetId: string): { sheetId: string } {
    if (sheetId === 'gone') throw new HttpException('没有这张表', 404);
    return { sheetId };
  }
}

@Module({ controllers: [SheetsController], providers: [{ provide: APP_GUARD, useClass: RouteRecorder }] })
class TestModule {}

const PORT = 21512;
const metrics = new ServiceMetrics('intake');
let app: NestExpressApplication;

beforeAll(async () => {
  app = await NestFactory.create<NestExpressApplication>(TestModule, { logger: false });
  app.use(observeRequests(metrics));
  await app.listen(PORT, '127.0.0.1');
});
afterAll(() => app.close());

describe('latency by route', () => {
  it('given requests to one route with different ids, an error, and a path no route has, then they are counted by the route pattern, not the path', async () => {
    for (const id of ['a1', 'b2', 'gone']) await fetch(`http://127.0.0.1:${PORT}/sheets/${id}/events`);
    await fetch(`http://127.0.0.1:${PORT}/nowhere/42`);
    await new Promise((r) => setTimeout(r, 50));
    const text = await metrics.registry.metrics();
    expect(text).toContain('budget_http_request_duration_seconds_count{service="intake",method="GET",route="/sheets/:sheetId/events",status="200"} 2');
    expect(text).toContain('budget_http_request_duration_seconds_count{service="intake",method="GET",route="/sheets/:sheetId/events",status="404"} 1');
    expect(text).toContain('budget_http_request_duration_seconds_count{service="intake",method="GET",route="unmatched",status="404"} 1');
    expect(text).not.toContain('a1');
  });
});
