import 'reflect-metadata';
import { runHttpApp } from '@inventory/platform';
import { QueryApiModule } from './query-api.module';

runHttpApp(QueryApiModule);
