import { IsOptional, IsString, Length } from 'class-validator';

/** Body of `:confirm` ({ paymentRef }) and `:cancel` ({ reason }); both optional. */
export class ReservationActionRequest {
  @IsOptional()
  @IsString()
  @Length(1, 128)
  paymentRef?: string;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  reason?: string;
}
