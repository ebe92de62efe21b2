import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

export const MAX_LINE_QTY = 1_000_000;
export const MAX_LINES = 1000;

/** One SKU and quantity of a multi-line command (reservation, transfer). */
export class LineDto {
  @IsString()
  @Matches(ID_PATTERN, { message: ID_RULE })
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QTY)
  qty!: number;
}
