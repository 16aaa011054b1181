import type { Catalogue } from './catalogue.js';

export const sq: Catalogue = {
  welcome: 'Mirë se vini në Approdo, linja falas dhe anonime kundër trafikimit dhe shfrytëzimit.',
  danger112: 'Nëse jeni në rrezik të menjëhershëm, mbyllni telefonin dhe telefononi 112.',
  languageOption: 'Për shqip, shtypni 6.',
  otherLanguage: 'Për një gjuhë tjetër, shtypni 0.',
  purposeMenu: 'Nëse keni nevojë për ndihmë për veten, shtypni 1. Nëse telefononi për një person tjetër, shtypni 2. Nëse telefononi për një shërbim ose institucion, shtypni 3. Nëse jeni në rrezik tani, shtypni 9. Nëse nuk mund të flisni lirisht, shtypni yllin.',
  invalid: 'Na vjen keq, nuk kuptova.',
  understood: 'Në rregull. Përgjigjuni vetëm me butonat.',
  dangerNow: 'Nëse jeni në rrezik të menjëhershëm, telefononi 112. Qëndroni në linjë: ju lidhim me përparësi.',
  queued: 'Faleminderit. Qëndroni në linjë: një operator që flet gjuhën tuaj do t’ju përgjigjet së shpejti.',
  hold: 'Të gjithë operatorët janë të zënë. Ju lutemi qëndroni në linjë.',
  connecting: 'Po ju lidhim me një operator.',
  goodbye: 'Faleminderit që telefonuat. Mirupafshim.',
  apology: 'Na vjen keq, shërbimi ka një problem teknik. Po ju kalojmë te kolegu në detyrë.',
  operatorIntro: 'Thirrje Approdo. Po ju lidhim me telefonuesin.',
  callerGone: 'Telefonuesi e ka mbyllur tashmë.',
};
