// The magento fake: filled in by its own change.
export {};
