import 'reflect-metadata';
import { loadConfig, runService } from '@budget/platform';
import { AppModule } from './app.module';

runService(AppModule, { name: 'reporting', port: loadConfig().ports.reporting });
