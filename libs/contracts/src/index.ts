export * from './topics';
export * from './envelope';
export * from './events/event-schemas';
export * from './events/event-validator';
export * from './http/availability.dto';
export * from './http/stock-levels.dto';
export * from './read-model/availability-cache';
export * from './http/identifiers';
