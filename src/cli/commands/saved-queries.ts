import type { Command } from 'commander';

// Placeholder until saved-query commands land.
export function registerSavedQueryCommands(_query: Command): void {}
