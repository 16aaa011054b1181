import type { Catalogue } from './catalogue.js';

export const fr: Catalogue = {
  welcome: "Bienvenue sur Approdo, la ligne d'aide gratuite et anonyme contre la traite et l'exploitation.",
  danger112: 'Si vous êtes en danger immédiat, raccrochez et appelez le 112.',
  languageOption: 'Pour le français, appuyez sur 3.',
  otherLanguage: 'Pour une autre langue, appuyez sur 0.',
  purposeMenu: "Si vous avez besoin d'aide pour vous-même, appuyez sur 1. Si vous appelez pour une autre personne, appuyez sur 2. Si vous appelez pour un service ou une institution, appuyez sur 3. Si vous êtes en danger maintenant, appuyez sur 9. Si vous ne pouvez pas parler librement, appuyez sur étoile.",
  invalid: "Désolé, je n'ai pas compris.",
  understood: 'Compris. Répondez seulement avec les touches.',
  dangerNow: 'Si vous êtes en danger immédiat, appelez le 112. Restez en ligne : nous vous passons en priorité.',
  queued: 'Merci. Restez en ligne : un opérateur qui parle votre langue va vous répondre.',
  hold: 'Tous nos opérateurs sont occupés. Restez en ligne, s’il vous plaît.',
  connecting: 'Je vous mets en relation avec un opérateur.',
  goodbye: 'Merci de votre appel. Au revoir.',
  apology: 'Nous sommes désolés, le service a un problème technique. Nous vous transférons à notre collègue de permanence.',
  operatorIntro: 'Appel Approdo. Mise en relation avec l’appelant.',
  callerGone: 'La personne a déjà raccroché.',
};
