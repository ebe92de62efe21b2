export class ListStoresQuery {}
