import { Module } from '@nestjs/common';
import { HealthController, loadConfig, PlatformModule, serviceDatabase } from '@budget/platform';

const config = loadConfig();

@Module({
  imports: [PlatformModule.forRoot('reporting', config), serviceDatabase(config, { schema: 'reporting', entities: [], migrations: [] })],
  controllers: [HealthController],
})
export class AppModule {}
