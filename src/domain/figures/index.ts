export * from './contract.ts';
export * from './rates.ts';
export * from './reference.ts';
export * from './invariants.ts';
