import type { Command } from 'commander';

// Placeholder until this command group lands.
export function registerSchemaCommand(_parent: Command): void {}
