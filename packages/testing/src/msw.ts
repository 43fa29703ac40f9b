/**
 * msw handlers for the fakes, for tests that already run an msw server with `onUnhandledRequest: "error"`:
 *   server.use(...fakeHandlers(bc, bigCommerce))
 * A response lost by an injected fault becomes msw's network error.
 */
import { HttpResponse, http, type RequestHandler } from "msw";
import { type FakeService, LostResponseError } from "./fake-service.js";

export function fakeHandlers(...fakes: FakeService[]): RequestHandler[] {
  return fakes.map((fake) =>
    http.all(`${fake.baseUrl}/*`, async ({ request }) => {
      try {
        return await fake.handle(request);
      } catch (error) {
        if (error instanceof LostResponseError) return HttpResponse.error();
        throw error;
      }
    }),
  );
}
