import { MigrationInterface, QueryRunner } from 'typeorm';
import { runAll } from './sql';

const KINDS = ['ACCEPTANCE', 'ROUTING', 'HANDLING', 'FEEDBACK', 'CASE_DECISION', 'CASE_CLOSURE'];
const check = (kinds: string[]) => `ALTER TABLE "deadlines" ADD CONSTRAINT "ck_deadlines_kind" CHECK ("kind" IN (${kinds.map((k) => `'${k}'`).join(', ')}))`;

/**
 * The deadlines of an urged (催办) case (001 限时办结制: first reply in 1 working day, done in 7),
 * the rulebook's URGED_FIRST_FEEDBACK and URGED_DONE: two more deadline kinds.
 */
export class UrgedDeadlines1763900013000 implements MigrationInterface {
  name = 'UrgedDeadlines1763900013000';

  async up(qr: QueryRunner): Promise<void> {
    await runAll(qr, [`ALTER TABLE "deadlines" DROP CONSTRAINT "ck_deadlines_kind"`, check([...KINDS, 'URGED_FIRST_FEEDBACK', 'URGED_DONE'])]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await runAll(qr, [`DELETE FROM "deadlines" WHERE "kind" IN ('URGED_FIRST_FEEDBACK', 'URGED_DONE')`, `ALTER TABLE "deadlines" DROP CONSTRAINT "ck_deadlines_kind"`, check(KINDS)]);
  }
}
