/** The header that cookie-authenticated state-changing requests must carry (CSRF defence, see server/README.md). */
export const clientHeaderName = 'x-accord-client';
