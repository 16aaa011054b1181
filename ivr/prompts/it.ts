import type { Catalogue } from './catalogue.js';

export const it: Catalogue = {
  welcome: 'Benvenuto ad Approdo, il numero gratuito e anonimo contro la tratta e lo sfruttamento.',
  danger112: 'Se sei in pericolo immediato, riattacca e chiama il 112.',
  languageOption: "Per l'italiano, premi 1.",
  otherLanguage: "Per un'altra lingua, premi 0.",
  purposeMenu: 'Se hai bisogno di aiuto per te, premi 1. Se chiami per un’altra persona, premi 2. Se chiami per un servizio o un’istituzione, premi 3. Se sei in pericolo adesso, premi 9. Se non puoi parlare liberamente, premi asterisco.',
  invalid: 'Scusa, non ho capito.',
  understood: 'Va bene. Rispondi solo con i tasti.',
  dangerNow: 'Se sei in pericolo immediato, chiama il 112. Resta in linea: ti mettiamo in contatto per primo.',
  queued: 'Grazie. Resta in linea: un operatore che parla la tua lingua ti risponderà a breve.',
  hold: 'Tutti gli operatori sono occupati. Resta in linea, per favore.',
  connecting: 'Ti metto in contatto con un operatore.',
  goodbye: 'Grazie per aver chiamato. Arrivederci.',
  apology: 'Ci scusiamo, il servizio ha un problema tecnico. Ti trasferiamo al collega di reperibilità.',
  operatorIntro: 'Chiamata Approdo. Ti metto in contatto con chi chiama.',
  callerGone: 'La persona ha già riattaccato.',
};
