// Where the gateway's intake (src/intake) keeps what it received: Teleport log lines under data_dir,
// which the embedded engine ingests like any file audit log directory (offsets, crash safety).
import { join } from 'node:path';

export function intakeSpoolDir(dataDir: string): string {
  return join(dataDir, 'intake', 'teleport');
}
