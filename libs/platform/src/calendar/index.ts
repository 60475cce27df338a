export * from './china-time';
export * from './working-day-calendar';
export * from './rulebook';
