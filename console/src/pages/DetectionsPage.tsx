import type { Viewer } from '../api/viewer';
export default function DetectionsPage(_props: { viewer: Viewer; name?: string }) {
  return <div className="page"><h1>DetectionsPage</h1></div>;
}
