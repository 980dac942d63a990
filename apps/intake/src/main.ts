import 'reflect-metadata';
import { loadConfig, runService } from '@budget/platform';
import { AppModule } from './app.module';

runService(AppModule, { name: 'intake', port: loadConfig().ports.intake });
