import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@app/identity';
import { CenterCase } from './center-case.entity';

export enum Satisfaction {
  VERY_SATISFIED = 'VERY_SATISFIED',
  SATISFIED = 'SATISFIED',
  NEUTRAL = 'NEUTRAL',
  DISSATISFIED = 'DISSATISFIED',
  UNREACHABLE = 'UNREACHABLE',
}

/** A call-back (回访) of a closed case, by an operator other than the one who closed it. */
@Entity('case_callbacks')
@Index('idx_case_callbacks_case', ['tenantId', 'caseId'])
// INCLUDE (case_id, satisfaction), created by the reporting migration (statistics by call time).
@Index('idx_case_callbacks_called', ['tenantId', 'calledAt'], { synchronize: false } as never)
export class CaseCallback {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('text')
  satisfaction: Satisfaction;

  @Column('text', { nullable: true })
  comment: string | null;

  @Column('timestamptz', { name: 'called_at' })
  calledAt: Date;

  @Column('uuid', { name: 'called_by' })
  calledBy: string;

  @ManyToOne(() => CenterCase, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'case_id', referencedColumnName: 'id' },
  ])
  centerCase?: CenterCase;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'called_by', referencedColumnName: 'id' },
  ])
  caller?: User;
}
