/**
 * A page of a cursor-paged read: its items and where the next page starts (null when there is none
 * yet). The public reads name the cursor `nextCursor`; the operations routes name it `next`.
 */
export type CursorPage<T, Next extends string = 'nextCursor'> = { items: T[] } & Record<Next, string | null>;
