// Test set-up: the gateway serves the built web console; build it when console/dist is missing or
// older than its sources (the same check `npm start` makes).
import { buildConsole } from '../../console/build';

export default async function setup(): Promise<void> {
  await buildConsole({ quiet: true });
}
