import { Module } from '@nestjs/common';
import { HealthController, loadConfig, PlatformModule, serviceDatabase } from '@budget/platform';

const config = loadConfig();

@Module({
  imports: [PlatformModule.forRoot('review', config), serviceDatabase(config, { schema: 'review', entities: [], migrations: [] })],
  controllers: [HealthController],
})
export class AppModule {}
