// Connect to sapb1 (real or fake): filled in with its fake.
export {};
