/** The links service's keys in tests (AUDIT_KEY, VERIFICATION_KEY, SECRETS_KEY): fixed, so a restarted service verifies what an earlier one wrote. */
export const linkTestKeys = {
  audit: 'test-audit-key-0123456789abcdef',
  verification: 'test-verification-key-0123456789',
  secrets: 'test-secrets-key-0123456789abcdef',
} as const;

/** The same keys as a links process reads them from its environment. */
export const linkTestKeyEnv = { AUDIT_KEY: linkTestKeys.audit, VERIFICATION_KEY: linkTestKeys.verification, SECRETS_KEY: linkTestKeys.secrets } as const;
