import type { Command } from 'commander';

// Placeholder until this command group lands.
export function registerDemoCommands(_parent: Command): void {}
