import type { Catalogue } from './catalogue.js';

// Spanish and Portuguese share key 7; the prompts are in Spanish, widely understood by Portuguese speakers.
export const es: Catalogue = {
  welcome: 'Bienvenido a Approdo, la línea gratuita y anónima contra la trata y la explotación.',
  danger112: 'Si está en peligro inmediato, cuelgue y llame al 112.',
  languageOption: 'Para español o português, pulse 7.',
  otherLanguage: 'Para otro idioma, pulse 0.',
  purposeMenu: 'Si necesita ayuda para usted, pulse 1. Si llama por otra persona, pulse 2. Si llama por un servicio o una institución, pulse 3. Si está en peligro ahora, pulse 9. Si no puede hablar libremente, pulse asterisco.',
  invalid: 'Lo siento, no he entendido.',
  understood: 'Entendido. Responda solo con las teclas.',
  dangerNow: 'Si está en peligro inmediato, llame al 112. No cuelgue: le atendemos con prioridad.',
  queued: 'Gracias. No cuelgue: un operador que habla su idioma le atenderá en breve.',
  hold: 'Todos nuestros operadores están ocupados. Por favor, no cuelgue.',
  connecting: 'Le paso con un operador.',
  goodbye: 'Gracias por llamar. Adiós.',
  apology: 'Lo sentimos, el servicio tiene un problema técnico. Le transferimos a nuestro compañero de guardia.',
  operatorIntro: 'Llamada de Approdo. Le paso con la persona que llama.',
  callerGone: 'La persona ya ha colgado.',
};
