import 'reflect-metadata';
import { runHttpApp } from '@inventory/platform';
import { ProjectorModule } from './projector.module';

runHttpApp(ProjectorModule);
