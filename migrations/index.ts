import { WalkingSkeleton1764000000000 } from './1764000000000-walking-skeleton.js';

/** Every migration, in order; the data source runs them on start. */
export const MIGRATIONS = [WalkingSkeleton1764000000000];
