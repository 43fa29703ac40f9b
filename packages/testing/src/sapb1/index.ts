// The sapb1 fake: filled in by its own change.
export {};
