// The bigcommerce fake: filled in by its own change.
export {};
