// `@org/http/testing`: helpers for testing code built on this package, never needed in production.
export { VirtualClock } from "./virtual-clock.js";
