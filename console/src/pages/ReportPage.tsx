import type { Viewer } from '../api/viewer';
export default function ReportPage(_props: { viewer: Viewer; name?: string }) {
  return <div className="page"><h1>ReportPage</h1></div>;
}
