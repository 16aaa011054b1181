import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IndicatorDefinition } from '../contracts/risk.js';

/**
 * One published version of the indicator catalogue. Editing publishes a new version; old ones stay,
 * because assessments made with them name their version.
 */
@Entity('indicator_catalogues')
export class IndicatorCatalogue {
  @PrimaryColumn({ type: 'integer' }) version!: number;
  @Column({ type: 'simple-json' }) indicators!: IndicatorDefinition[];
  @Column({ type: 'datetime', precision: 3 }) publishedAt!: Date;
  @Column({ type: 'varchar', length: 36, nullable: true }) publishedById!: string | null;
}
