import { applyDecorators } from '@nestjs/common';
import { ID_PATTERN, ID_RULE } from '@inventory/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

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

/** 1–1000 lines, each SKU at most once, each line valid. */
export function ValidLines(): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_LINES),
    ArrayUnique((line: LineDto) => line?.sku, { message: 'lines must name each sku once' }),
    ValidateNested({ each: true }),
    Type(() => LineDto),
  );
}
