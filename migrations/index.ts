import { WalkingSkeleton1764000000000 } from './1764000000000-walking-skeleton.js';
import { IvrOverflowAndMessages1764100000000 } from './1764100000000-ivr-overflow-and-messages.js';
import { AuditAndBlocks1764200000000 } from './1764200000000-audit-and-blocks.js';
import { ContactWaitHistoryIndex1764300000000 } from './1764300000000-contact-wait-history-index.js';
import { ContactEvents1764400000000 } from './1764400000000-contact-events.js';
import { RoutingSkillsAndWrapUp1764500000000 } from './1764500000000-routing-skills-and-wrap-up.js';
import { WarmTransfer1764600000000 } from './1764600000000-warm-transfer.js';
import { IntakeRiskCases1764700000000 } from './1764700000000-intake-risk-cases.js';

/** Every migration, in order; the data source runs them on start. */
export const MIGRATIONS = [
  WalkingSkeleton1764000000000, IvrOverflowAndMessages1764100000000, AuditAndBlocks1764200000000, ContactWaitHistoryIndex1764300000000, ContactEvents1764400000000,
  RoutingSkillsAndWrapUp1764500000000, WarmTransfer1764600000000, IntakeRiskCases1764700000000,
];
