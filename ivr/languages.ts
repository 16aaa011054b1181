// The IVR's own vocabulary. `server/contracts/enums.ts` re-exports it, so the server and the console
// speak of languages and purposes exactly as the IVR does, and `ivr/` never imports `server/`.

/** The IVR's language menu, in menu order (DESIGN.md): 1 it … 9 zh, 0 other (interpreter). */
export const LANGUAGES = ['it', 'en', 'fr', 'ro', 'ar', 'sq', 'es', 'ru', 'zh', 'other'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What the caller chose in the IVR's purpose menu. */
export const PURPOSES = ['SELF', 'SOMEONE_ELSE', 'SERVICE', 'DANGER', 'UNKNOWN'] as const;
export type Purpose = (typeof PURPOSES)[number];
