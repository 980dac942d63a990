// What the platform's tests and the end-to-end harness start of their own: an OpenID provider, a Redis with a password.
export * from './oidc-provider';
export * from './redis-with-password';
