import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, dialectOf, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Creates `clk_holiday_year`: the holiday arrangements administrators enter for years the bundled calendar lacks (or
 * to correct one), one row per year, shared by every node.
 */
export class CreateHolidayYearTable1767225602000 implements MigrationInterface {
  name = 'CreateHolidayYearTable1767225602000';

  async up(runner: QueryRunner): Promise<void> {
    const d = dialectOf(runner);
    await runner.createTable(new Table({
      name: 'clk_holiday_year',
      columns: [
        { name: 'year', type: 'integer', isPrimary: true },
        col.text(d, 'holidays', false), col.text(d, 'workdays', false), col.str('basis', 200, false), col.str('updated_by', 64, false),
        { name: 'updated_at', type: 'datetime', precision: 3, isNullable: false },
      ],
    }));
    await useUtf8mb4(runner, 'clk_holiday_year');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('clk_holiday_year');
  }
}
