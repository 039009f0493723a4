// The time windows as <option>s, for every window selector (query editor, report page, detection form).
import { WINDOWS } from '../lib/windows';

export function WindowOptions() {
  return (
    <>
      {WINDOWS.map((w) => (
        <option key={w} value={w}>
          last {w} days
        </option>
      ))}
    </>
  );
}
