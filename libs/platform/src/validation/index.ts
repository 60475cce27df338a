export * from './credit-code';
export * from './phone';
export * from './money';
export * from './validators';
