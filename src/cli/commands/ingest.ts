import type { Command } from 'commander';

// Placeholder until this command group lands.
export function registerIngestCommand(_parent: Command): void {}
