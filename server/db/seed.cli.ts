import { loadConfig } from '../config.js';
import { openDatabase } from './data-source.js';
import { seedDemo } from './seed.js';
import { UsersService } from '../users/users.service.js';

// `npm run seed`: the demo users into an empty database (refused in production).
const config = loadConfig();
if (config.env === 'production') {
  process.stderr.write('No demo data in production.\n');
  process.exit(2);
}
const db = await openDatabase(config.database);
const result = await seedDemo(db, new UsersService({ db, now: () => new Date() }), config.demoPassword);
process.stdout.write(result.seeded ? `Demo users created. Password: ${result.password}\n` : 'Users exist already; nothing seeded.\n');
await db.destroy();
