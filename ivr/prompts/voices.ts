import type { SpokenLanguage } from './catalogue.js';

// Text-to-speech per language (twilio-voice.md §2.3). Albanian has no Twilio voice: until recorded
// prompts exist, its text is read by the Italian voice, which pronounces Latin-script Albanian best.
/** Values of twilio's SayLanguage / SayVoice unions; a test checks each against twilio's typings. */
export interface Voice { language: string; voice: string }

export const VOICES: Record<SpokenLanguage, Voice> = {
  it: { language: 'it-IT', voice: 'Polly.Bianca-Neural' },
  en: { language: 'en-GB', voice: 'Polly.Amy-Neural' },
  fr: { language: 'fr-FR', voice: 'Polly.Lea-Neural' },
  ro: { language: 'ro-RO', voice: 'Polly.Carmen' },
  ar: { language: 'arb', voice: 'Polly.Zeina' },
  sq: { language: 'it-IT', voice: 'Polly.Bianca-Neural' },
  es: { language: 'es-ES', voice: 'Polly.Lucia-Neural' },
  ru: { language: 'ru-RU', voice: 'Polly.Tatyana' },
  zh: { language: 'cmn-CN', voice: 'Polly.Zhiyu-Neural' },
};
