export * from './api-client';
export * from './decider-spec';
export * from './eventually';
export * from './ids';
export * from './fixtures';
export * from './tokens';
export * from './system-control';
