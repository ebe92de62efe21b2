export * from './kafka-client';
export * from './topic-bootstrap';
export * from './envelope-codec';
export * from './event-producer';
export * from './producer-session';
export * from './publish-errors';
export * from './consumer-runner';
export * from './kafka.provider';
