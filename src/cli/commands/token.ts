import type { Command } from 'commander';

// Placeholder until this command group lands.
export function registerTokenCommand(_parent: Command): void {}
