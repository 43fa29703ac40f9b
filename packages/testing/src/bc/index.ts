// The bc fake: filled in by its own change.
export {};
