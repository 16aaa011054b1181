import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import type { Language, Role } from '../contracts/enums.js';
import type { OperatorSkills, StaffList, StaffMember } from '../contracts/routing.js';
import { NotFound } from '../errors.js';
import type { Bus } from '../bus.js';
import type { Actor } from './actor.js';
import { languagesOf, skillsOf } from './skills.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { User } from './user.entity.js';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  languages?: Language[];
  /** Languages with levels and case flags; when given, `languages` follows from it. */
  skills?: OperatorSkills;
  phone?: string | null;
  organisationId?: string | null;
}

export class UsersService {
  constructor(private readonly deps: { db: DataSource; now: () => Date; bus?: Bus }) {}

  async create(input: NewUser): Promise<User> {
    const { db, now } = this.deps;
    const user = db.getRepository(User).create({
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      languages: input.skills ? languagesOf(input.skills) : (input.languages ?? []),
      skills: input.skills ?? null,
      phone: input.phone ?? null,
      organisationId: input.organisationId ?? null,
      state: 'offline',
      stateSince: now(),
      stateReason: null,
      stateUntil: null,
      active: true,
      createdAt: now(),
    });
    return db.getRepository(User).save(user);
  }

  /** Everyone who takes calls, with their routing skills, by name. */
  async staff(): Promise<StaffList> {
    const users = await this.deps.db.getRepository(User).find({ where: { active: true, role: In(['operator', 'supervisor']) }, order: { displayName: 'ASC' } });
    return { items: users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role as 'operator' | 'supervisor', skills: skillsOf(u) })) };
  }

  /** Sets what an operator can take; their languages (call-back lists, rooms) follow. Applies to the next matching pass. */
  async setSkills(actor: Actor, userId: string, skills: OperatorSkills): Promise<StaffMember> {
    const users = this.deps.db.getRepository(User);
    const user = await users.findOneBy({ id: userId, active: true, role: In(['operator', 'supervisor']) });
    if (!user) throw new NotFound('operator');
    await users.update({ id: userId }, { skills, languages: languagesOf(skills) });
    this.deps.bus?.publish({ type: 'operator.skills', operatorId: userId, byId: actor.userId });
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role as 'operator' | 'supervisor', skills };
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
