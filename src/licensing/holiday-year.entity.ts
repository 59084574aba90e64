import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A year's holiday arrangement entered by an administrator (`clk_holiday_year`): the State Council's holidays and
 * adjusted working days of that year, read by every node into its working-day calendar.
 */
@Entity('clk_holiday_year')
export class HolidayYearEntity {
  @PrimaryColumn({ name: 'year', type: 'integer' })
  year!: number;

  /** JSON array of the days off (`YYYY-MM-DD`, ascending), including weekends inside a holiday and days in lieu. */
  @Column({ name: 'holidays', type: 'text' })
  holidays!: string;

  /** JSON array of the Saturdays and Sundays worked instead (调休上班, `YYYY-MM-DD`, ascending). */
  @Column({ name: 'workdays', type: 'text' })
  workdays!: string;

  /** The notice the arrangement comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
  @Column({ name: 'basis', type: 'varchar', length: 200 })
  basis!: string;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
