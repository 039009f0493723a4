// Cursor connections: opaque cursors (base64url) so clients never build them by hand.
import { Field, ObjectType } from 'type-graphql';
import { apiError } from '../errors/api-error';

@ObjectType({ simpleResolvers: true, description: 'Where a page ends and whether more follow.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor?: string;
}

export function encodeCursor(kind: string, value: string): string {
  return Buffer.from(`${kind}:${value}`, 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(`${kind}:`) || encodeCursor(kind, text.slice(kind.length + 1)) !== cursor) {
    throw apiError('BAD_USER_INPUT', `after: ${JSON.stringify(cursor.slice(0, 80))} is not a cursor from this list`);
  }
  return text.slice(kind.length + 1);
}
