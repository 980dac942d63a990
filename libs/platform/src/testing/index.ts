// What the platform's tests and the end-to-end harness start of their own: an OpenID provider, a Redis with
// a password, a PostgreSQL cluster over TLS, and the certificates (CA, server, PKCS12 keystore) they need;
// and the harness's client settings (stack-clients).
export * from './oidc-provider';
export * from './redis-with-password';
export * from './certificates';
export * from './postgres-with-tls';
export * from './stack-clients';
export * from './secured-infra';
