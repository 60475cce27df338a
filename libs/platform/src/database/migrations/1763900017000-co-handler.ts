import { MigrationInterface, QueryRunner } from 'typeorm';
import { runAll } from './sql';

/** The second officer who handled a case with the closer (001 第十四条: 两名以上执法人员办理). */
export class CoHandler1763900017000 implements MigrationInterface {
  name = 'CoHandler1763900017000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [`ALTER TABLE "center_cases" ADD "co_handler" uuid`]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [`ALTER TABLE "center_cases" DROP COLUMN "co_handler"`]);
  }
}
