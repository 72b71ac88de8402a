import type { ThrottleRule } from '../../security/throttles';

/** The shared limits on signing in and account email (issue 15); numbers from the environment. */
export interface AuthLimits {
  /** Failed sign-ins per email, whether or not an account has it (so a 429 reveals nothing). */
  failedLoginsPerAccount: ThrottleRule;
  /** Failed sign-ins per client address (the browser's, as web reports it). */
  failedLoginsPerAddress: ThrottleRule;
  /** Password reset requests per client address (429 past it). */
  passwordResetsPerAddress: ThrottleRule;
  /** Reset emails per email address: past it the request is still 202 but sends nothing (no mail bombing). */
  passwordResetsPerAccount: ThrottleRule;
  /** Verification emails a signed-in user may ask for again. */
  verificationEmailsPerUser: ThrottleRule;
}

export interface AuthLimitSettings {
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
  loginFailureWindowSeconds: number;
  passwordResetsPerAddressPerHour: number;
  passwordResetsPerAccountPerHour: number;
  verificationEmailsPerHour: number;
}

export function authLimits(settings: AuthLimitSettings): AuthLimits {
  const window = settings.loginFailureWindowSeconds;
  const hour = 3600;
  return {
    failedLoginsPerAccount: {
      name: 'login-failures:account',
      limit: settings.loginFailuresPerAccount,
      windowSeconds: window,
      refusal: 'Too many failed sign-ins for this email; try again later',
    },
    failedLoginsPerAddress: {
      name: 'login-failures:address',
      limit: settings.loginFailuresPerAddress,
      windowSeconds: window,
      refusal: 'Too many failed sign-ins from your address; try again later',
    },
    passwordResetsPerAddress: {
      name: 'password-resets:address',
      limit: settings.passwordResetsPerAddressPerHour,
      windowSeconds: hour,
      refusal: 'Too many password reset requests from your address; try again later',
    },
    passwordResetsPerAccount: {
      name: 'password-resets:account',
      limit: settings.passwordResetsPerAccountPerHour,
      windowSeconds: hour,
      refusal: 'Too many password reset requests for this email; try again later',
    },
    verificationEmailsPerUser: {
      name: 'verification-emails:user',
      limit: settings.verificationEmailsPerHour,
      windowSeconds: hour,
      refusal: 'Too many verification emails asked for; try again later',
    },
  };
}
