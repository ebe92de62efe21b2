import { IdCursorPageRequest } from '@inventory/platform';

export class ListFailedRequest extends IdCursorPageRequest(1000) {}
