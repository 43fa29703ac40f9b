import { z } from "zod";

/** A postal address as the warehouse and the tax engine need it (failure catalog O7). */
export const AddressSchema = z.object({
  /** Full name of the recipient. */
  name: z.string().optional(),
  company: z.string().optional(),
  line1: z.string().min(1),
  line2: z.string().optional(),
  city: z.string().min(1),
  /** State, province or county code (e.g. `CA`, `NRW`). */
  region: z.string().optional(),
  postalCode: z.string().optional(),
  /** ISO 3166-1 alpha-2 country code, upper case. */
  countryCode: z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code such as DE"),
  phone: z.string().optional(),
  email: z.email().optional(),
});
export type Address = z.output<typeof AddressSchema>;
