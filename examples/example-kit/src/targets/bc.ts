// Connect to bc (real or fake): filled in with its fake.
export {};
