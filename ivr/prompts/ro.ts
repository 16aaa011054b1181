import type { Catalogue } from './catalogue.js';

export const ro: Catalogue = {
  welcome: 'Bine ați venit la Approdo, linia de ajutor gratuită și anonimă împotriva traficului și exploatării.',
  danger112: 'Dacă sunteți în pericol imediat, închideți și sunați la 112.',
  languageOption: 'Pentru limba română, apăsați 4.',
  otherLanguage: 'Pentru o altă limbă, apăsați 0.',
  purposeMenu: 'Dacă aveți nevoie de ajutor pentru dumneavoastră, apăsați 1. Dacă sunați pentru altă persoană, apăsați 2. Dacă sunați pentru un serviciu sau o instituție, apăsați 3. Dacă sunteți în pericol acum, apăsați 9. Dacă nu puteți vorbi liber, apăsați steluța.',
  invalid: 'Ne pare rău, nu am înțeles.',
  understood: 'Am înțeles. Răspundeți doar cu tastele.',
  dangerNow: 'Dacă sunteți în pericol imediat, sunați la 112. Rămâneți la telefon: vă punem în legătură cu prioritate.',
  queued: 'Vă mulțumim. Rămâneți la telefon: un operator care vorbește limba dumneavoastră vă va răspunde în curând.',
  hold: 'Toți operatorii sunt ocupați. Vă rugăm să rămâneți la telefon.',
  connecting: 'Vă facem legătura cu un operator.',
  goodbye: 'Vă mulțumim pentru apel. La revedere.',
  apology: 'Ne pare rău, serviciul are o problemă tehnică. Vă transferăm la colegul de serviciu.',
  operatorIntro: 'Apel Approdo. Vă facem legătura cu apelantul.',
  callerGone: 'Apelantul a închis deja.',
};
