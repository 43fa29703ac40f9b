/** An msw path matcher for a literal URL that may contain OData key parentheses, e.g. `companies(…)/customers`. */
export function exactUrl(url: string): RegExp {
  return new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}
