/**
 * The console's Content-Security-Policy (scripts and styles from /static only). A page whose form posts elsewhere
 * (the agency page's direct upload to S3) names that one origin in form-action; every other page allows only 'self'.
 */
export function consoleCsp(formActionOrigin?: string): string {
  const formAction = formActionOrigin ? `form-action 'self' ${new URL(formActionOrigin).origin}` : "form-action 'self'";
  return [
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    formAction, "frame-ancestors 'self'", "base-uri 'none'", "frame-src 'self'",
  ].join('; ');
}
