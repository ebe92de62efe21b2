import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, loadConfig, type AppName } from './config/app-config';
import { HealthController } from './health/health.controller';
import { Readiness } from './health/readiness';
import { createLogger } from './logging/logger';
import { Metrics } from './metrics/metrics';

export const LOGGER = Symbol('LOGGER');

/** Config, logger, metrics and health for one app; global so feature modules just inject them. */
@Global()
@Module({})
export class PlatformModule {
  static forApp(app: AppName, config: AppConfig = loadConfig(app)): DynamicModule {
    const logger = createLogger(app, config.logLevel);
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Metrics, useValue: new Metrics(app) },
        Readiness,
      ],
      exports: [AppConfig, LOGGER, Metrics, Readiness],
    };
  }
}
