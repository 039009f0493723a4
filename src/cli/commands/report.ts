import type { Command } from 'commander';

// Placeholder until this command group lands.
export function registerReportCommands(_parent: Command): void {}
