import type { Command } from 'commander';

// Placeholder until this command group lands.
export function registerQueryCommands(_parent: Command): void {}
