import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Language, Role } from '../contracts/enums.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { User } from './user.entity.js';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  languages?: Language[];
  phone?: string | null;
  organisationId?: string | null;
}

export class UsersService {
  constructor(private readonly deps: { db: DataSource; now: () => Date }) {}

  async create(input: NewUser): Promise<User> {
    const { db, now } = this.deps;
    const user = db.getRepository(User).create({
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      languages: input.languages ?? [],
      phone: input.phone ?? null,
      organisationId: input.organisationId ?? null,
      state: 'offline',
      stateSince: now(),
      stateReason: null,
      active: true,
      createdAt: now(),
    });
    return db.getRepository(User).save(user);
  }

  /** The same answer, and about the same time, whether or not the username exists. */
  async verify(username: string, password: string): Promise<User | null> {
    const user = await this.deps.db.getRepository(User).findOneBy({ username, active: true });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    return user && ok ? user : null;
  }

  find(id: string): Promise<User | null> {
    return this.deps.db.getRepository(User).findOneBy({ id, active: true });
  }
}
