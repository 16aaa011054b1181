import helmet from 'helmet';

/** Security headers. The console is served from the same origin and loads nothing from elsewhere. */
export const securityHeaders = () => helmet({
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      'default-src': ["'self'"],
      'connect-src': ["'self'", 'ws:', 'wss:'],
      'img-src': ["'self'", 'data:'],
      'media-src': ["'self'", 'data:'],
      'upgrade-insecure-requests': null,
    },
  },
  // Plain-http demo on localhost must keep working; production sits behind https anyway.
  strictTransportSecurity: false,
});
