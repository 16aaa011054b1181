import type { AppliesTo, Dimension, Grade, IndicatorDefinition } from '../contracts/risk.js';

// The starting indicator catalogue (version 1), from domain-italy.md §9 Step 4, the ILO/EC Delphi
// grades of §3.2 (adult grade, child grade) and the four indices of art. 603-bis c.p. Admins edit
// it in the database; this is only what a fresh installation begins with. Questions are worded to
// be read on the phone.

const DELPHI = 'ILO/EC Delphi indicators 2009';
const PRACTICE = 'Helpline practice (domain-italy.md §3.4, §9)';
const CP603 = 'Art. 603-bis c.p., comma 3';

type Row = [code: string, dimension: Dimension, adult: Grade | null, child: Grade | null, appliesTo: AppliesTo, source: string,
  labelEn: string, labelIt: string, questionEn: string, questionIt: string];

const ROWS: Row[] = [
  // Deceptive recruitment.
  ['REC_DECEIVED_JOB', 'DECEPTIVE_RECRUITMENT', 'STRONG', 'STRONG', 'ALL', DELPHI, 'Deceived about the job, place or employer', 'Ingannato/a su lavoro, luogo o datore',
    'Is the work, the place or the employer different from what was promised?', 'Il lavoro, il luogo o il datore sono diversi da quelli promessi?'],
  ['REC_DECEIVED_CONDITIONS', 'DECEPTIVE_RECRUITMENT', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Deceived about pay, hours or housing', 'Ingannato/a su paga, orari o alloggio',
    'Were pay, hours or housing worse than you were told?', 'Paga, orari o alloggio sono peggiori di quanto ti avevano detto?'],
  ['REC_DECEIVED_DOCUMENTS', 'DECEPTIVE_RECRUITMENT', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Deceived about papers or the law', 'Ingannato/a su documenti o leggi',
    'Were you told false things about papers, visas or the law here?', 'Ti hanno detto cose false su documenti, visti o leggi qui?'],
  ['REC_DECEIVED_MARRIAGE', 'DECEPTIVE_RECRUITMENT', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Deceived by a promise of marriage or love', 'Ingannato/a con promessa di matrimonio o amore',
    'Did someone promise marriage or a relationship to bring you here?', 'Qualcuno ti ha promesso matrimonio o una relazione per portarti qui?'],
  ['REC_DECEIVED_EDUCATION', 'DECEPTIVE_RECRUITMENT', 'WEAK', 'STRONG', 'ALL', DELPHI, 'Deceived about school or training', 'Ingannato/a su scuola o formazione',
    'Were you promised school or training that never happened?', 'Ti avevano promesso scuola o formazione che non c’è stata?'],
  // Coercive recruitment.
  ['REC_VIOLENCE', 'COERCIVE_RECRUITMENT', 'STRONG', 'STRONG', 'ALL', DELPHI, 'Violence during recruitment or the journey', 'Violenza nel reclutamento o nel viaggio',
    'Were you hurt or forced when you were recruited or on the journey?', 'Sei stato/a picchiato/a o costretto/a quando ti hanno reclutato o durante il viaggio?'],
  ['REC_SOLD_OR_ABDUCTED', 'COERCIVE_RECRUITMENT', 'MEDIUM', 'STRONG', 'ALL', DELPHI, 'Sold, abducted or forced to marry', 'Venduto/a, rapito/a o costretto/a a sposarsi',
    'Were you taken, sold or made to marry against your will?', 'Sei stato/a preso/a, venduto/a o costretto/a a sposarti contro la tua volontà?'],
  ['REC_TRAVEL_DEBT', 'COERCIVE_RECRUITMENT', 'MEDIUM', 'STRONG', 'ALL', DELPHI, 'Debt for the journey or the job', 'Debito per il viaggio o il lavoro',
    'Do you owe money for the journey, papers or the job?', 'Devi dei soldi per il viaggio, i documenti o il lavoro?'],
  ['REC_DOCUMENTS_TAKEN', 'COERCIVE_RECRUITMENT', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Documents taken on the way', 'Documenti presi durante il viaggio',
    'Did someone take your passport or papers on the way?', 'Qualcuno ti ha preso passaporto o documenti durante il viaggio?'],
  ['REC_OATH_RITUAL', 'COERCIVE_RECRUITMENT', 'MEDIUM', 'STRONG', 'SEXUAL', PRACTICE, 'Oath or ritual to repay (juju)', 'Giuramento o rito per ripagare (juju)',
    'Did you swear an oath or take part in a ritual promising to pay back?', 'Hai fatto un giuramento o un rito promettendo di ripagare?'],
  ['REC_FAMILY_THREATENED', 'COERCIVE_RECRUITMENT', 'MEDIUM', 'STRONG', 'ALL', DELPHI, 'Family threatened to make you leave', 'Famiglia minacciata per farti partire',
    'Was your family threatened so that you would come?', 'La tua famiglia è stata minacciata perché tu partissi?'],
  // Abuse of vulnerability at recruitment.
  ['REC_ECONOMIC_NEED', 'VULNERABILITY_RECRUITMENT', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Poverty or family need used', 'Povertà o bisogno della famiglia sfruttati',
    'Did you leave because your family badly needed money?', 'Sei partito/a perché la tua famiglia aveva molto bisogno di soldi?'],
  ['REC_EMOTIONAL_DEPENDENCY', 'VULNERABILITY_RECRUITMENT', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Emotional dependency on the recruiter ("lover boy")', 'Dipendenza affettiva dal reclutatore ("lover boy")',
    'Is the person who brought you here a partner or someone you depend on emotionally?', 'Chi ti ha portato qui è un partner o qualcuno da cui dipendi affettivamente?'],
  ['REC_NO_INFORMATION', 'VULNERABILITY_RECRUITMENT', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'No information or language before leaving', 'Nessuna informazione o lingua prima di partire',
    'Did you know nothing about Italy or the language before you came?', 'Non sapevi nulla dell’Italia o della lingua prima di venire?'],
  ['REC_BELIEFS_CONTEXT', 'VULNERABILITY_RECRUITMENT', 'WEAK', 'WEAK', 'ALL', DELPHI, 'Cultural or religious beliefs used', 'Credenze culturali o religiose sfruttate',
    'Were beliefs or traditions used to make you come?', 'Sono state usate credenze o tradizioni per farti venire?'],
  // Exploitative conditions.
  ['EXP_EXCESSIVE_HOURS', 'EXPLOITATIVE_CONDITIONS', 'STRONG', 'STRONG', 'ALL', DELPHI, 'Excessive hours, no days off', 'Orari eccessivi, nessun giorno libero',
    'Do you work very long hours, or without days off?', 'Lavori moltissime ore, o senza giorni liberi?'],
  ['EXP_LOW_OR_NO_PAY', 'EXPLOITATIVE_CONDITIONS', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Little or no pay, fines', 'Paga bassa o nulla, multe',
    'Are you paid much less than agreed, not at all, or fined?', 'Ti pagano molto meno del pattuito, per niente, o ti multano?'],
  ['EXP_BAD_HOUSING', 'EXPLOITATIVE_CONDITIONS', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Crowded housing tied to the job', 'Alloggio sovraffollato legato al lavoro',
    'Do you live in a crowded place provided by the employer?', 'Vivi in un posto sovraffollato dato dal datore di lavoro?'],
  ['EXP_HAZARDOUS_WORK', 'EXPLOITATIVE_CONDITIONS', 'MEDIUM', 'STRONG', 'LABOUR', DELPHI, 'Dangerous work without protection', 'Lavoro pericoloso senza protezioni',
    'Is the work dangerous, without protection or training?', 'Il lavoro è pericoloso, senza protezioni o formazione?'],
  ['EXP_NO_CONTRACT', 'EXPLOITATIVE_CONDITIONS', 'MEDIUM', 'MEDIUM', 'LABOUR', DELPHI, 'No contract or social protection', 'Nessun contratto né tutele',
    'Do you work without a contract?', 'Lavori senza contratto?'],
  ['EXP_NO_EDUCATION', 'EXPLOITATIVE_CONDITIONS', null, 'WEAK', 'ALL', DELPHI, 'No schooling (children)', 'Nessuna scuola (minori)',
    'Is the child kept out of school?', 'Il/la minore è tenuto/a fuori dalla scuola?'],
  // Coercion at destination.
  ['DEST_DOCUMENTS_HELD', 'COERCION_DESTINATION', 'STRONG', 'STRONG', 'ALL', DELPHI, 'Documents held by others', 'Documenti tenuti da altri',
    'Does someone else keep your passport or papers?', 'Qualcun altro tiene il tuo passaporto o i tuoi documenti?'],
  ['DEST_DEBT_BONDAGE', 'COERCION_DESTINATION', 'STRONG', 'STRONG', 'ALL', DELPHI, 'A debt to work off', 'Un debito da ripagare lavorando',
    'Do you have to keep working to pay off a debt?', 'Devi continuare a lavorare per ripagare un debito?'],
  ['DEST_CONFINED_WATCHED', 'COERCION_DESTINATION', 'STRONG', 'STRONG', 'ALL', DELPHI, 'Watched, escorted, phone taken', 'Sorvegliato/a, accompagnato/a, telefono tolto',
    'Are you watched or escorted, is your phone taken, or are you not allowed out alone?', 'Sei sorvegliato/a o accompagnato/a, ti tolgono il telefono, o non puoi uscire da solo/a?'],
  ['DEST_VIOLENCE', 'COERCION_DESTINATION', 'STRONG', 'STRONG', 'ALL', DELPHI, 'Hit or sexually assaulted', 'Picchiato/a o aggredito/a sessualmente',
    'Have you been hit or sexually assaulted there?', 'Sei stato/a picchiato/a o aggredito/a sessualmente lì?'],
  ['DEST_THREATS', 'COERCION_DESTINATION', 'MEDIUM', 'STRONG', 'ALL', DELPHI, 'Threats to you or your family', 'Minacce a te o alla famiglia',
    'Have you or your family been threatened?', 'Tu o la tua famiglia siete stati minacciati?'],
  ['DEST_THREAT_OF_DENUNCIATION', 'COERCION_DESTINATION', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Threatened with the police or deportation', 'Minacciato/a di polizia o espulsione',
    'Have they threatened to call the police or have you sent back?', 'Ti hanno minacciato di chiamare la polizia o di farti espellere?'],
  ['DEST_FORCED_CRIME', 'COERCION_DESTINATION', 'MEDIUM', 'STRONG', 'ALL', DELPHI, 'Forced to commit crimes', 'Costretto/a a commettere reati',
    'Are you made to steal, sell drugs or commit other crimes?', 'Ti costringono a rubare, spacciare o commettere altri reati?'],
  ['DEST_FORCED_CLIENTS', 'COERCION_DESTINATION', 'MEDIUM', 'STRONG', 'SEXUAL', DELPHI, 'Forced to see clients or do tasks', 'Costretto/a a vedere clienti o svolgere compiti',
    'Are you forced to see clients or do things you do not want?', 'Sei costretto/a a vedere clienti o fare cose che non vuoi?'],
  ['DEST_TOLD_TO_LIE', 'COERCION_DESTINATION', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Told to lie about the situation', 'Istruito/a a mentire sulla situazione',
    'Have you been told what to say if police or others ask?', 'Ti hanno detto cosa dire se la polizia o altri fanno domande?'],
  ['DEST_WAGES_WITHHELD', 'COERCION_DESTINATION', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Wages kept back to stop you leaving', 'Salario trattenuto per non farti andare via',
    'Do they keep your money so that you cannot leave?', 'Trattengono i tuoi soldi perché tu non possa andartene?'],
  ['DEST_SHAME_THREAT', 'COERCION_DESTINATION', 'WEAK', 'WEAK', 'ALL', DELPHI, 'Threat to tell family or community', 'Minaccia di dirlo alla famiglia o alla comunità',
    'Have they threatened to tell your family or community?', 'Hanno minacciato di dirlo alla tua famiglia o alla tua comunità?'],
  // Abuse of vulnerability at destination.
  ['DEST_DEPENDENT_ON_EXPLOITER', 'VULNERABILITY_DESTINATION', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Depends on them for food, housing or transport', 'Dipende da loro per cibo, alloggio o trasporto',
    'Do you depend on them for food, a bed or getting around?', 'Dipendi da loro per mangiare, dormire o spostarti?'],
  ['DEST_NO_LANGUAGE_OR_ADDRESS', 'VULNERABILITY_DESTINATION', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'No Italian, does not know the address', 'Non parla italiano, non conosce l’indirizzo',
    'Is it hard for you to speak Italian, or do you not know the address where you are?', 'Ti è difficile parlare italiano, o non sai l’indirizzo di dove ti trovi?'],
  ['DEST_IRREGULAR_STATUS', 'VULNERABILITY_DESTINATION', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'No valid permit', 'Senza permesso di soggiorno valido',
    'Are you without a valid residence permit?', 'Sei senza un permesso di soggiorno valido?'],
  ['DEST_FAMILY_DEPENDENT', 'VULNERABILITY_DESTINATION', 'MEDIUM', 'MEDIUM', 'ALL', DELPHI, 'Family at home depends on the money', 'La famiglia a casa dipende dai soldi',
    'Does your family back home depend on the money you send?', 'La tua famiglia nel tuo paese dipende dai soldi che mandi?'],
  ['DEST_MARGINALISED', 'VULNERABILITY_DESTINATION', 'WEAK', 'WEAK', 'ALL', DELPHI, 'Past hardship or a marginalised group', 'Difficoltà passate o gruppo emarginato',
    'Have you been through hard times before, or are you from a group often excluded?', 'Hai avuto difficoltà in passato, o fai parte di un gruppo spesso escluso?'],
  // The four indices of labour exploitation, art. 603-bis c.p.
  ['IDX603_PAY_BELOW', 'IT_603BIS_INDEX', null, null, 'LABOUR', CP603, 'Pay clearly below collective agreements', 'Retribuzione palesemente inferiore ai contratti collettivi',
    'Is the pay far below what the job normally pays here?', 'La paga è molto più bassa di quella normale per quel lavoro qui?'],
  ['IDX603_HOURS_REST', 'IT_603BIS_INDEX', null, null, 'LABOUR', CP603, 'Repeated breaches of hours, rest and holidays', 'Violazioni ripetute di orari, riposi e ferie',
    'Are rules on hours, breaks, rest days and holidays broken again and again?', 'Le regole su orari, pause, riposi e ferie sono violate di continuo?'],
  ['IDX603_SAFETY', 'IT_603BIS_INDEX', null, null, 'LABOUR', CP603, 'Breaches of safety and hygiene at work', 'Violazioni di sicurezza e igiene sul lavoro',
    'Is there no safety equipment, water or toilets at work?', 'Al lavoro mancano protezioni, acqua o servizi igienici?'],
  ['IDX603_DEGRADING', 'IT_603BIS_INDEX', null, null, 'LABOUR', CP603, 'Degrading conditions, surveillance or housing', 'Condizioni degradanti, sorveglianza o alloggi',
    'Are the work, the surveillance or the housing degrading?', 'Lavoro, sorveglianza o alloggio sono degradanti?'],
];

export const DEFAULT_INDICATORS: IndicatorDefinition[] = ROWS.map(([code, dimension, gradeAdult, gradeChild, appliesTo, source, labelEn, labelIt, questionEn, questionIt]) => ({
  code, dimension, gradeAdult, gradeChild, appliesTo, source, label: { it: labelIt, en: labelEn }, question: { it: questionIt, en: questionEn },
}));
