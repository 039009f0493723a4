// What a detection sends: the JSON webhook body, and the Slack-compatible {text, blocks} rendering.
import type { ColumnInfo, Row } from '../../engine/types';
import type { DetectionCondition } from './types';

export interface FindingPayload {
  detection: string;
  description: string;
  query: string;
  days: number;
  condition: DetectionCondition;
  fired_at: string;
  finding_hash: string;
  columns: ColumnInfo[];
  rows: Row[];
  row_count: number;
}

function describeCondition(c: DetectionCondition): string {
  return c.kind === 'row_count' ? `rows ${c.op} ${c.value}` : `${c.column} ${c.op} ${JSON.stringify(c.value)}`;
}

const MAX_SLACK_ROWS = 10;

export function slackMessage(p: FindingPayload): { text: string; blocks: unknown[] } {
  const text = `Detection ${p.detection}: ${p.row_count} finding${p.row_count === 1 ? '' : 's'} (${describeCondition(p.condition)}) in query ${p.query}, last ${p.days} days`;
  const header = p.columns.map((c) => c.name).join(' | ');
  const lines = p.rows.slice(0, MAX_SLACK_ROWS).map((r) => r.map((c) => (c === null ? '' : typeof c === 'object' ? JSON.stringify(c) : String(c))).join(' | '));
  const more = p.rows.length > MAX_SLACK_ROWS ? `\n… and ${p.rows.length - MAX_SLACK_ROWS} more` : '';
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Detection: ${p.detection}`.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `${p.description ? p.description + '\n' : ''}*${p.row_count}* matching row(s); condition \`${describeCondition(p.condition)}\`` } },
      { type: 'section', text: { type: 'mrkdwn', text: ('```' + header + '\n' + lines.join('\n') + more + '```').slice(0, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `fired at ${p.fired_at} · finding ${p.finding_hash.slice(0, 12)}` }] },
    ],
  };
}
