import 'reflect-metadata';
import { runHttpApp } from '@inventory/platform';
import { CommandApiModule } from './command-api.module';

runHttpApp(CommandApiModule);
