/**
 * msw handlers for the fakes, for tests that already run an msw server with `onUnhandledRequest: "error"`:
 *   server.use(...fakeHandlers(bc, bigCommerce))
 * A response lost by an injected fault becomes msw's network error.
 */
import { HttpResponse, http, type RequestHandler } from "msw";
import { type FakeService, LostResponseError } from "./fake-service.js";

export function fakeHandlers(...fakes: FakeService[]): RequestHandler[] {
  return fakes.flatMap((fake) => {
    const answer = async ({ request }: { request: Request }) => {
      try {
        return await fake.handle(request);
      } catch (error) {
        if (error instanceof LostResponseError) return HttpResponse.error();
        throw error;
      }
    };
    // The base URL's subtree, plus the URLs the fake answers outside it (token endpoints).
    return [http.all(`${fake.baseUrl}/*`, answer), ...fake.extraUrls.map((url) => http.all(url, answer))];
  });
}
