import type { Viewer } from '../api/viewer';
export default function ReportsPage(_props: { viewer: Viewer; name?: string }) {
  return <div className="page"><h1>ReportsPage</h1></div>;
}
