import { Optional } from '@inventory/platform';
import { IsString, Length } from 'class-validator';

/** Body of `:confirm` ({ paymentRef }) and `:cancel` ({ reason }); both optional. */
export class ReservationActionRequest {
  @Optional()
  @IsString()
  @Length(1, 128)
  paymentRef?: string;

  @Optional()
  @IsString()
  @Length(1, 128)
  reason?: string;
}
