import type { Language } from '../contracts/enums.js';
import type { OperatorSkills } from '../contracts/routing.js';
import type { User } from './user.entity.js';

/** An operator's routing skills; a user without them speaks their languages fluently, with no case flags. */
export function skillsOf(u: Pick<User, 'skills' | 'languages'>): OperatorSkills {
  if (u.skills) return u.skills;
  const languages: OperatorSkills['languages'] = {};
  for (const l of u.languages) if (l !== 'other') languages[l] = 'fluent';
  return { languages, minors: false, labour: false };
}

/** The languages skills name, in the menu's order of keys: what call-backs and rooms go by. */
export function languagesOf(skills: OperatorSkills): Language[] {
  return Object.keys(skills.languages) as Language[];
}
