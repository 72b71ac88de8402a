import { AppError, type AllowedOrigins, ErrorCode, OutboundUrlRefused, vetOutboundUrl } from '@taskmesh/platform';

/**
 * webhook-agent will POST every subscribed event to this URL, so it must be
 * public https (issue 15's rules, as for push endpoints): no loopback,
 * private, link-local or metadata address, by IP or by a name that resolves
 * to one. Checked before the write; the sender checks again with the very
 * addresses it connects to (DNS rebinding).
 */
export async function checkWebhookUrl(url: string, allowed: AllowedOrigins): Promise<string> {
  try {
    return (await vetOutboundUrl(url, allowed)).url.href;
  } catch (error) {
    if (!(error instanceof OutboundUrlRefused)) throw error;
    const message = `url ${error.message}`;
    throw new AppError(ErrorCode.validation, `Invalid body: ${message}`, { errors: [{ field: 'url', message }] });
  }
}
