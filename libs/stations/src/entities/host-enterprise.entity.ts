import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * The business hosting one or more stations (建站企业), keyed per tenant by its unified social
 * credit code (GB 32100-2015). The name follows the latest registration (businesses rename).
 */
@Entity('host_enterprises')
@Unique('uq_host_enterprises_credit_code', ['tenantId', 'creditCode'])
export class HostEnterprise {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'credit_code' })
  creditCode: string;

  @Column('text')
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
