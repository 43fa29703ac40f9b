// The oro fake: filled in by its own change.
export {};
