import 'reflect-metadata';
import { runHttpApp } from '@inventory/platform';
import { OutboxRelayModule } from './outbox-relay.module';

runHttpApp(OutboxRelayModule);
