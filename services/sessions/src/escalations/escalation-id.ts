import { randomToken } from '@parley/auth';

/** `esc_` + 16 base64url characters (96 random bits). */
export const newEscalationId = () => `esc_${randomToken(12)}`;
