import 'reflect-metadata';
import { describeOpenApiDocument } from '@budget/contracts/testing';
import { registeredRoutes } from '@budget/platform';
import { AppModule } from './app.module';

describeOpenApiDocument('intake', () => registeredRoutes(AppModule));
