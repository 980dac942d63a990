import 'reflect-metadata';
import { loadConfig, runService } from '@budget/platform';
import { AppModule } from './app.module';

runService(AppModule, { name: 'review', port: loadConfig().ports.review });
