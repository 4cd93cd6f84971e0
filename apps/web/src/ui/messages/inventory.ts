/** The back office's inventory screens. English is the reference; Spanish must translate every key (typed). */
export const en = {} as const;

export const es: Record<keyof typeof en, string> = {};
